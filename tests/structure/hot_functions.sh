# cli/hot_functions.txt (bench/hot_functions.sh) names the functions a
# script's run executes; the release build puts them together at the start
# of the writ command's text (Makefile: layout.ld), so a run touches few of
# its pages. A list gone stale (functions renamed or removed) would quietly
# undo that: nearly all its names must be functions of the binary under
# test, and in a build laid out with it (layout.ld beside the binary), the
# listed functions, execute among them, must lie together: the stretch
# from the first to the end of the last is hardly longer than their sizes
# added up (it is about twice as long without the layout).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
list=$root/cli/hot_functions.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$list" | sed '/^$/d' > "$tmp/names"
total=$(wc -l < "$tmp/names")
[ "$total" -ge 100 ] || { echo "cli/hot_functions.txt has only $total names"; exit 1; }
nm -S "$WRIT" | awk 'NF == 4 && $3 ~ /^[tT]$/ {n = $4; sub(/\..*/, "", n); print $1, $2, n}' > "$tmp/syms"
[ -s "$tmp/syms" ] || { echo "nm found no functions in $WRIT (stripped?)"; exit 1; }
awk '{print $3}' "$tmp/syms" | sort -u > "$tmp/defined"
found=$(grep -cxF -f "$tmp/defined" "$tmp/names")
# Sanitizer builds inline a few small functions the release build keeps.
[ $((found * 100)) -ge $((total * 95)) ] ||
  { echo "only $found of $total names in cli/hot_functions.txt are functions of $WRIT: rerun bench/hot_functions.sh"; exit 1; }
[ -f "$(dirname "$(realpath "$WRIT")")/layout.ld" ] || exit 0 # asan, gc, debug: not laid out
sum=0 lo= hi=0 ex=0
while read -r addr size name; do
  grep -qxF "$name" "$tmp/names" || continue
  a=$((16#$addr)) s=$((16#$size))
  sum=$((sum + s))
  if [ -z "$lo" ] || [ "$a" -lt "$lo" ]; then lo=$a; fi
  if [ $((a + s)) -gt "$hi" ]; then hi=$((a + s)); fi
  if [ "$name" = execute ]; then ex=1; fi
done < "$tmp/syms"
span=$((hi - lo))
[ "$ex" = 1 ] || { echo "execute is not among the listed functions of $WRIT"; exit 1; }
[ $((span * 100)) -le $((sum * 115)) ] ||
  { echo "the listed functions are spread over $span bytes for $sum of code: the layout did not gather them"; exit 1; }
