# The Debian packages (debian/) build, install, work and leave nothing
# behind (issue 16, point 5). `make test-package` runs it (CI too), as root
# on Debian with debhelper, dpkg-dev and fakeroot; it takes minutes:
#   1. copies the tree (tracked and untracked files, not build/) to a
#      temporary folder and runs `dpkg-buildpackage -us -uc -b` there, so
#      the checkout's build/ and debian/ are untouched;
#   2. checks that writ, libwrit0 and libwrit-dev were built, with the
#      files each must hold;
#   3. installs them with dpkg -i; runs /usr/bin/writ, finds the man page
#      (with the version filled in), builds a C host with
#      `cc host.c $(pkg-config --cflags --libs writ)` and runs it (shared),
#      and again with -lwrit taken from libwrit.a and the compiler's
#      default (PIE) flags;
#   4. removes them with `apt-get remove --purge` and checks that every
#      file `dpkg -L` listed is gone, and every folder too unless it
#      existed before.
# It refuses to run when one of the packages is already installed, and on
# a failure after installing it removes them again.
#
# The test runner finds this file too (tests/**/*.sh are tests): run so
# ($WRIT set, WRIT_TEST_PACKAGE unset), it only checks debian/'s shape
# and ends.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "deb: $*"; exit 1; }
major=$(sed -n 's/^#define WRIT_VERSION_MAJOR \([0-9][0-9]*\).*/\1/p' "$root/include/writ.h")
version=$(sed -n 's/^#define WRIT_VERSION_STRING "\(.*\)".*/\1/p' "$root/include/writ.h")
[ -n "$major" ] && [ -n "$version" ] || fail "no WRIT_VERSION_* in include/writ.h"
packages="writ libwrit$major libwrit-dev"

# Run by the test runner: debian/'s shape only (seconds, no root).
if [ -n "${WRIT:-}" ] && [ -z "${WRIT_TEST_PACKAGE:-}" ]; then
  d=$root/debian
  got=$(sed -n 's/^Package: *//p' "$d/control" | sort | tr '\n' ' ')
  want=$(printf '%s\n' $packages | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "debian/control builds '$got', expected '$want'"
  for p in $packages; do [ -s "$d/$p.install" ] || fail "no debian/$p.install"; done
  [ -x "$d/rules" ] || fail "debian/rules is not executable"
  [ "$(cat "$d/source/format")" = "3.0 (native)" ] || fail "debian/source/format is not 3.0 (native)"
  grep -q 'debhelper-compat (= 13)' "$d/control" || fail "debian/control does not build-depend on debhelper-compat (= 13)"
  grep -q '^override_dh_auto_test:' "$d/rules" || fail "debian/rules runs the whole suite in dh_auto_test"
  # writ dlopens readline for the REPL (cli/line.c), so ${shlibs:Depends}
  # no longer names it: the package recommends it, under both its names
  # (libreadline8t64 since Debian 13's 64-bit time_t transition).
  recommends=$(sed -n '/^Package: writ$/,/^$/s/^Recommends: *//p' "$d/control")
  [ "$recommends" = "libreadline8t64 | libreadline8" ] || fail "the writ package recommends '$recommends', not 'libreadline8t64 | libreadline8'"
  exit 0
fi

# --- The real run ------------------------------------------------------
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null || fail "needs root (dpkg -i, apt-get remove), or sudo without a password"
  sudo="sudo -n"
fi
for t in dpkg-buildpackage dh fakeroot pkg-config cc apt-get; do
  command -v "$t" >/dev/null || fail "$t is not installed (apt-get install debhelper dpkg-dev fakeroot pkg-config gcc)"
done
for p in $packages; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  case "$st" in "" | not-installed) ;; *) fail "$p is already on this machine ($st): remove it first (apt-get remove --purge $p)" ;; esac
done

tmp=$(mktemp -d)
installed=""
cleanup() {
  if [ -n "$installed" ]; then
    echo "deb: removing the packages after a failure"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q --purge $packages >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# 1. Build in a copy.
src=$tmp/src/writ-$version
mkdir -p "$src"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z -c -o --exclude-standard | grep -zv '^build/' |
    tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -C "$src" -xf -
else
  (cd "$root" && tar --exclude=./build --exclude=./.git -cf - .) | tar -C "$src" -xf -
fi
[ -x "$src/debian/rules" ] || fail "the copy has no debian/rules"
echo "deb: building the packages (dpkg-buildpackage -us -uc -b) in $src"
(cd "$src" && DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=2} dpkg-buildpackage -us -uc -b) \
  >"$tmp/build.log" 2>&1 || { tail -40 "$tmp/build.log"; fail "dpkg-buildpackage failed (the end of its log is above)"; }

# 2. The three packages and what they hold.
debs=()
for p in $packages; do
  f=$(ls "$tmp/src/${p}_${version}"_*.deb 2>/dev/null | head -1)
  [ -n "$f" ] || fail "no ${p}_${version}_*.deb was built: $(ls "$tmp/src")"
  debs+=("$f")
done
holds() { # holds DEB PATTERN...: each pattern matches a path in the package
  local deb=$1 list
  shift
  list=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
  for pat in "$@"; do
    grep -qE "^$pat\$" <<<"$list" || fail "$(basename "$deb") has no $pat:
$list"
  done
}
lib='/usr/lib/[a-z0-9_-]+'
holds "${debs[0]}" /usr/bin/writ /usr/share/man/man1/writ\\.1\\.gz /usr/share/doc/writ/copyright
holds "${debs[1]}" "$lib/libwrit\\.so\\.$major" /usr/share/doc/libwrit$major/copyright
holds "${debs[2]}" /usr/include/writ\\.h "$lib/libwrit\\.a" "$lib/libwrit\\.so" "$lib/pkgconfig/writ\\.pc"
case "$(dpkg-deb -c "${debs[0]}")" in *usr/lib/*) fail "the writ package holds a library" ;; esac

# Folders the packages name that exist already stay after removal.
for d in "${debs[@]}"; do dpkg-deb -c "$d"; done | awk '$1 ~ /^d/ { print $6 }' | sed 's|^\./|/|; s|/$||' |
  sort -u | while read -r d; do [ -z "$d" ] || [ ! -d "$d" ] || echo "$d"; done > "$tmp/dirs-before"

# 3. Install and use.
echo "deb: installing ${debs[*]##*/}"
installed=yes
$sudo dpkg -i "${debs[@]}" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "dpkg -i failed"; }
for p in $packages; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p")" = installed ] || fail "$p is not installed after dpkg -i"
  dpkg -L "$p" > "$tmp/files.$p"
done

out=$(/usr/bin/writ -e 'print(1+2)') || fail "/usr/bin/writ -e failed: $out"
[ "$out" = 3 ] || fail "/usr/bin/writ -e 'print(1+2)' printed '$out'"
[ "$(/usr/bin/writ -v)" = "writ $version" ] || fail "/usr/bin/writ -v: $(/usr/bin/writ -v)"
grep -qE 'lib(readline|edit|tinfo)\.so' <<<"$(ldd /usr/bin/writ)" && fail "/usr/bin/writ links its line editor: $(ldd /usr/bin/writ)"
if command -v man >/dev/null; then
  page=$(man -w writ) || fail "man -w writ finds no page"
  [ "$page" = /usr/share/man/man1/writ.1.gz ] || fail "man -w writ gives $page"
  grep -q "Writ $version" <<<"$(LC_ALL=C.UTF-8 MANWIDTH=80 man writ 2>/dev/null)" || fail "man writ does not show Writ $version"
else
  [ -f /usr/share/man/man1/writ.1.gz ] || fail "no /usr/share/man/man1/writ.1.gz"
fi
grep -q "^\\.TH .*\"Writ $version\"" <<<"$(zcat /usr/share/man/man1/writ.1.gz)" || fail "the man page's .TH does not name Writ $version"

[ "$(pkg-config --modversion writ)" = "$version" ] || fail "pkg-config --modversion writ: $(pkg-config --modversion writ 2>&1)"
cat > "$tmp/host.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <writ.h>
static void on_write(void *ud, const char *s, size_t n) { fwrite(s, 1, n, (FILE *)ud); }
static void on_error(void *ud, const WritDiagnostic *d) { (void)ud; fprintf(stderr, "error: %s\n", d->message); }
int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  cfg.user_data = stdout;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = vm ? writ_workspace_new(vm) : NULL;
  if (!ws) return 2;
  const char *src = "\"writ \" + str([1, 2, 3].map(fn(x) => x * 7).len() * 14)\n";
  WritStatus st = writ_eval(ws, "host", src, strlen(src), WRIT_EVAL_REPL);
  printf("status %d version %s\n", (int)st, WRIT_VERSION_STRING);
  writ_vm_free(vm);
  return st == WRIT_OK ? 0 : 1;
}
C
expected="\"writ 42\"
status 0 version $version"
# shellcheck disable=SC2046
cc -o "$tmp/host" "$tmp/host.c" $(pkg-config --cflags --libs writ) 2>"$tmp/cc.log" ||
  { cat "$tmp/cc.log"; fail "cc host.c \$(pkg-config --cflags --libs writ) failed"; }
out=$("$tmp/host" 2>&1) || fail "the host failed: $out"
[ "$out" = "$expected" ] || fail "the host printed: $out"
# (/lib is /usr/lib on a merged-/usr system)
grep -qE "libwrit\.so\.$major => (/usr)?/lib/[^ ]*libwrit\.so\.$major " <<<"$(ldd "$tmp/host")" ||
  fail "the host does not load the installed libwrit.so.$major: $(ldd "$tmp/host")"
# The static library, with the compiler's default flags (PIE on Debian).
cc -o "$tmp/host-static" "$tmp/host.c" -Wl,-Bstatic -lwrit -Wl,-Bdynamic -lm 2>"$tmp/cc.log" ||
  { cat "$tmp/cc.log"; fail "cc host.c with the installed libwrit.a failed"; }
grep -q libwrit <<<"$(ldd "$tmp/host-static")" && fail "the static host needs libwrit.so"
out=$("$tmp/host-static" 2>&1) || fail "the static host failed: $out"
[ "$out" = "$expected" ] || fail "the static host printed: $out"

# 4. Remove, and nothing is left.
echo "deb: removing them (apt-get remove --purge)"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q --purge $packages >"$tmp/remove.log" 2>&1 ||
  { cat "$tmp/remove.log"; fail "apt-get remove --purge failed"; }
installed=""
for p in $packages; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  case "$st" in "" | not-installed) ;; *) fail "$p is still known to dpkg after the purge ($st)" ;; esac
done
left=""
while read -r f; do
  [ -n "$f" ] && [ "$f" != /. ] || continue
  if [ -d "$f" ] && [ ! -L "$f" ]; then
    grep -qxF "$f" "$tmp/dirs-before" || left="$left $f"
  elif [ -e "$f" ] || [ -L "$f" ]; then
    left="$left $f"
  fi
done < <(cat "$tmp"/files.*)
[ -z "$left" ] || fail "left behind after apt-get remove --purge:$left"
echo "deb: $packages $version built, installed, used and removed cleanly"
