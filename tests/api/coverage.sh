# Every function include/writ.h declares WRIT_API is called by some C test
# in tests/api/ (a new function comes with its test). Fails naming the
# ones that are not. The check first runs on a copy of the header with an
# extra declaration, and must fail there: a scan that finds nothing would
# otherwise pass.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Text without C comments (the compiler strips them, macros untouched), on
# one line (a declaration may span lines).
flat() { cc -fpreprocessed -dD -E -P -x c "$1" 2>/dev/null | tr '\n' ' '; }

# The WRIT_API functions of header $1 not called in any $2/*.c.
missing() {
  local names calls
  names=$(flat "$1" | grep -oE 'WRIT_API[^;(]*\(' | grep -oE '\bwrit_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u)
  [ -n "$names" ] || { echo "(no WRIT_API functions found in $1)"; return; }
  calls=$(for f in "$2"/*.c; do flat "$f"; echo; done | grep -oE '\bwrit_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u)
  comm -23 <(printf '%s\n' "$names") <(printf '%s\n' "$calls")
}

# The check can fail: a declared function no test calls is reported.
sed 's|^#endif$|WRIT_API int writ_coverage_probe(WritVM *vm,\n    int x); /* not called */\n#endif|' \
  "$root/include/writ.h" > "$tmp/writ.h"
probe=$(missing "$tmp/writ.h" "$root/tests/api")
case "$probe" in
  *writ_coverage_probe*) ;;
  *) echo "coverage: the check missed an uncalled function in a fake header (got: '$probe')"; exit 1 ;;
esac

gaps=$(missing "$root/include/writ.h" "$root/tests/api")
if [ -n "$gaps" ]; then
  echo "coverage: WRIT_API functions no tests/api/*.c calls:"
  printf '  %s\n' $gaps
  exit 1
fi
