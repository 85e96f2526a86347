# writ fmt on every .writ file of the repository (tests/, examples/,
# bench/), in a copy: the result formats to itself (fmt(fmt(x)) == fmt(x):
# --check lists nothing), keeps every comment (each // comment that starts
# a line, or follows code with no string before it on the line, appears in
# the output whole), and refuses only files with a syntax error, which stay
# byte for byte as they were. The formatter also checks itself: its output
# must lex to the same tokens and comments and parse, or it writes nothing.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
find tests examples bench -name '*.writ' | sort > "$tmp/list"
mkdir "$tmp/a"
tar cf - -T "$tmp/list" | tar xf - -C "$tmp/a"
(cd "$tmp/a" && "$WRIT" fmt tests examples bench > "$tmp/out" 2> "$tmp/err")
bad=0
grep -q 'formatter' "$tmp/err" && { grep 'formatter' "$tmp/err"; bad=1; }
again=$(cd "$tmp/a" && "$WRIT" fmt --check tests examples bench 2> /dev/null)
[ -z "$again" ] || { echo "not idempotent: formatting these again changes them:"; echo "$again"; bad=1; }
refused=$(grep -oE '^[^ :]+\.writ:[0-9]+:[0-9]+: error' "$tmp/err" | cut -d: -f1 | sort -u)
for f in $refused; do
  cmp -s "$f" "$tmp/a/$f" || { echo "$f: refused but changed"; bad=1; }
done
for d in tests examples bench; do diff -rq "$d" "$tmp/a/$d"; done 2>&1 | grep '^Files ' | awk '{ print $2 }' > "$tmp/changed"
n=0
while IFS= read -r f; do
  n=$((n + 1))
  lost=$(grep -o '^[^"]*//.*' "$f" | sed 's|^[^"]*\(//.*\)$|\1|; s/[[:space:]]*$//' |
         awk 'NR == FNR { text = text $0 "\n"; next } index(text, $0) == 0' "$tmp/a/$f" -)
  [ -z "$lost" ] || { echo "$f: lost the comments: $lost"; bad=1; }
done < "$tmp/changed"
[ "$n" -gt 100 ] || { echo "only $n files changed: the copy was not formatted?"; bad=1; }
exit $bad
