# examples/wordcount.writ: the exact report for a small text (words are
# letters only, case folded; ties in count go alphabetically; N limits the
# list), and a bad N is a usage error (exit status 2).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/text" <<'TEXT'
The cat and the hat.
A cat, a HAT; the end!

  "Cats" and dogs
TEXT
"$WRIT" "$root/examples/wordcount.writ" 4 < "$tmp/text" > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 0 ] || { echo "exit status $status: $(head -c 300 "$tmp/err")"; exit 1; }
[ -s "$tmp/err" ] && { echo "stderr: $(head -c 300 "$tmp/err")"; exit 1; }
cat > "$tmp/want" <<'REPORT'
4 lines, 8 distinct words
  1. the                 3
  2. a                   2
  3. and                 2
  4. cat                 2
REPORT
diff "$tmp/want" "$tmp/out" || { echo "the report differs (< expected, > got)"; exit 1; }

# Without N: ten at most, so all eight here.
"$WRIT" "$root/examples/wordcount.writ" < "$tmp/text" > "$tmp/out" 2>&1
[ "$(wc -l < "$tmp/out")" = 9 ] || { echo "without N:"; cat "$tmp/out"; exit 1; }
grep -qx '  8\. end                 1' "$tmp/out" || { echo "without N, no 8th word:"; cat "$tmp/out"; exit 1; }

for bad in x 0 2.5; do
  "$WRIT" "$root/examples/wordcount.writ" "$bad" < "$tmp/text" > "$tmp/out" 2> "$tmp/err"
  status=$?
  [ $status = 2 ] || { echo "N=$bad: exit status $status, not 2"; exit 1; }
  grep -q '^usage: wordcount.writ' "$tmp/err" || { echo "N=$bad: no usage line: $(cat "$tmp/err")"; exit 1; }
done
exit 0
