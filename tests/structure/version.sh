# The version lives in one place, include/writ.h (WRIT_VERSION_MAJOR,
# _MINOR, _PATCH and _STRING), and everything that shows it reads it from
# there: `writ -v`, build/writ.pc and build/writ.1 (made by the Makefile
# from writ.pc.in and docs/writ.1, whose @VERSION@ it fills in), CHANGELOG.md
# (a section for the version, under an Unreleased one), debian/changelog
# (its latest entry) and debian/control (the library package is named for
# the soname's major version). It first proves its checks can fail, on
# copies with another version planted.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { echo "version: $*"; bad=1; }
h=$root/include/writ.h
def() { sed -n "s/^#define WRIT_VERSION_$1 \\(.*\\)/\\1/p" "$h" | sed 's/[[:space:]]*\/\*.*//; s/[[:space:]]*$//'; }
major=$(def MAJOR) minor=$(def MINOR) patch=$(def PATCH) string=$(def STRING)
version=${string//\"/}
[ -n "$major" ] && [ -n "$minor" ] && [ -n "$patch" ] && [ -n "$version" ] ||
  { echo "version: WRIT_VERSION_* missing from include/writ.h"; exit 1; }
[ "$version" = "$major.$minor.$patch" ] ||
  fail "WRIT_VERSION_STRING \"$version\" is not MAJOR.MINOR.PATCH ($major.$minor.$patch)"

# The checks: each takes the file and the version it must show.
# CHANGELOG.md (Keep a Changelog): "## [Unreleased]" is the first section,
# and "## [VERSION] - YYYY-MM-DD" one of the others.
check_changelog() {
  local first
  first=$(grep -m1 '^## ' "$1")
  [ "$first" = "## [Unreleased]" ] || { echo "the first section of $1 is '$first', not '## [Unreleased]'"; return 1; }
  grep -qE "^## \\[${2//./\\.}\\] - [0-9]{4}-[0-9]{2}-[0-9]{2}\$" "$1" ||
    { echo "$1 has no section '## [$2] - YYYY-MM-DD'"; return 1; }
}
# The man page source names no version of its own, only @VERSION@ in .TH;
# the built page has the version there instead.
check_man_source() {
  grep -q '^\.TH .*@VERSION@' "$1" || { echo "$1: .TH lacks @VERSION@"; return 1; }
  ! grep -v '^\.\\"' "$1" | grep -qE '(^|[^0-9.])[0-9]+\.[0-9]+\.[0-9]+([^0-9.]|$)' ||
    { echo "$1 spells out a version: $(grep -nE '[0-9]+\.[0-9]+\.[0-9]+' "$1" | head -3)"; return 1; }
}
check_man_built() {
  local th
  th=$(grep -m1 '^\.TH ' "$1")
  case "$th" in *"Writ $2"*) ;; *) echo "$1: .TH is '$th', without 'Writ $2'"; return 1 ;; esac
  ! grep -q '@VERSION@' "$1" || { echo "$1 still says @VERSION@"; return 1; }
}
check_pc() {
  [ "$(sed -n 's/^Version: *//p' "$1")" = "$2" ] || { echo "$1: $(grep '^Version' "$1"), not $2"; return 1; }
}
# debian/changelog: the latest entry is the version (a native package;
# a +suffix for a Debian-only rebuild is allowed).
check_debian_changelog() {
  local v
  v=$(sed -n '1s/^writ (\([^)]*\)).*/\1/p' "$1")
  case "$v" in "$2" | "$2"+*) ;; *) echo "$1: the latest entry is '$v', not $2"; return 1 ;; esac
}

# Self-test: each check fails on a copy that disagrees.
sed "s/^## \\[$version\\]/## [$version-old]/" "$root/CHANGELOG.md" > "$tmp/CHANGELOG.md"
check_changelog "$tmp/CHANGELOG.md" "$version" >/dev/null && fail "self-test: a CHANGELOG without the version passed"
sed '1,/^## /{/^## \[Unreleased\]/d}' "$root/CHANGELOG.md" > "$tmp/CHANGELOG2.md"
check_changelog "$tmp/CHANGELOG2.md" "$version" >/dev/null && fail "self-test: a CHANGELOG without Unreleased passed"
sed 's/@VERSION@/9.8.7/' "$root/docs/writ.1" > "$tmp/writ.1"
check_man_source "$tmp/writ.1" >/dev/null && fail "self-test: a man page with a hard-coded version passed"
check_man_built "$tmp/writ.1" "$version" >/dev/null && fail "self-test: a built man page with another version passed"
printf 'Version: 9.8.7\n' > "$tmp/writ.pc"
check_pc "$tmp/writ.pc" "$version" >/dev/null && fail "self-test: a writ.pc with another version passed"
sed "1s/(.*)/(9.8.7)/" "$root/debian/changelog" > "$tmp/changelog"
check_debian_changelog "$tmp/changelog" "$version" >/dev/null && fail "self-test: a debian/changelog with another version passed"
[ "$bad" = 0 ] || exit 1

# The real files.
out=$("$WRIT" -v) || fail "writ -v exited $?"
[ "$out" = "writ $version" ] || fail "writ -v prints '$out', not 'writ $version'"
check_changelog "$root/CHANGELOG.md" "$version" || bad=1
check_man_source "$root/docs/writ.1" || bad=1
check_debian_changelog "$root/debian/changelog" "$version" || bad=1
# The Makefile's products (make, which make test runs first, writes them).
for f in writ.pc writ.1; do [ -f "$root/build/$f" ] || fail "no build/$f: run make"; done
[ -f "$root/build/writ.1" ] && { check_man_built "$root/build/writ.1" "$version" || bad=1; }
[ -f "$root/build/writ.pc" ] && { check_pc "$root/build/writ.pc" "$version" || bad=1; }
# The library package carries the soname's major version.
grep -qx "Package: libwrit$major" "$root/debian/control" ||
  fail "debian/control has no package libwrit$major (the soname is libwrit.so.$major)"
[ -f "$root/debian/libwrit$major.install" ] || fail "no debian/libwrit$major.install"
exit "$bad"
