# cli/hot_functions.txt (bench/hot_functions.sh) names the functions a
# script's run executes; the release build puts them first in the writ
# command's text (Makefile: layout.ld), so a run touches few of its pages.
# A list gone stale (functions renamed or removed) would quietly undo that:
# nearly all its names must be functions of the binary under test, and in
# a build with the layout, the interpreter loop and the names' code must be
# inside the section that gathers them.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
list=$root/cli/hot_functions.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$list" | sed '/^$/d' > "$tmp/names"
total=$(wc -l < "$tmp/names")
[ "$total" -ge 100 ] || { echo "cli/hot_functions.txt has only $total names"; exit 1; }
nm "$WRIT" | awk '$2 ~ /^[tT]$/ {print $1, $3}' > "$tmp/syms"
[ -s "$tmp/syms" ] || { echo "nm found no functions in $WRIT (stripped?)"; exit 1; }
awk '{sub(/\..*/, "", $2); print $2}' "$tmp/syms" | sort -u > "$tmp/defined"
found=$(grep -cxF -f "$tmp/defined" "$tmp/names")
# Sanitizer builds inline a few small functions the release build keeps.
[ $((found * 100)) -ge $((total * 95)) ] ||
  { echo "only $found of $total names in cli/hot_functions.txt are functions of $WRIT: rerun bench/hot_functions.sh"; exit 1; }
sec=$(readelf -SW "$WRIT" | awk '$2 == ".text.writ_hot" {print $4, $6}')
if [ -z "$sec" ]; then
  # asan, gc and debug builds are not laid out; the release build is.
  case $(readelf -p .comment "$WRIT" 2>/dev/null) in *clang*) exit 0 ;; esac
  [ -n "$(readelf -SW "$WRIT" | grep -F '.debug_info')" ] && exit 0
  echo "$WRIT: no .text.writ_hot section (a release build should have one)"; exit 1
fi
set -- $sec
lo=$((16#$1)) hi=$((16#$1 + 16#$2))
inside=0
while read -r addr name; do
  base=${name%%.*}
  grep -qxF "$base" "$tmp/names" || continue
  a=$((16#$addr))
  if [ "$a" -ge "$lo" ] && [ "$a" -lt "$hi" ]; then inside=$((inside + 1)); elif [ "$base" = execute ]; then
    echo "the interpreter loop (execute) is outside .text.writ_hot"; exit 1
  fi
done < "$tmp/syms"
[ $((inside * 100)) -ge $((total * 95)) ] ||
  { echo "only $inside of the $total listed functions are in .text.writ_hot"; exit 1; }
