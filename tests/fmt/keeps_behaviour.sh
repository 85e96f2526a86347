# writ fmt keeps what programs do: every .writ test of tests/, formatted
# (those that do not compile are refused and stay as they are), passes the
# runner as the originals do; every example prints the same, formatted.
# Left out, because their annotations name absolute line numbers that a
# layout change moves (the formatter puts `a; b` on two lines):
#   stdlib/list/sort_comparator_pushes_error.writ  (a runtime error inside
#     a one-line block of two statements)
#   language/classes/accessor_methods.writ  (its `expect trace:` lines)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
runner=$(dirname "$WRIT")/test-runner
[ -x "$runner" ] || { echo "no test runner beside $WRIT"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$root/tests" "$tmp/tests"
find "$tmp/tests" -name '*.sh' -delete
cat > "$tmp/skip" <<'SKIP'
tests/stdlib/list/sort_comparator_pushes_error.writ
tests/language/classes/accessor_methods.writ
SKIP
"$WRIT" fmt "$tmp/tests" > /dev/null 2>&1 # the refused files print their errors
(cd "$tmp" && WRIT_TEST_SKIP="$tmp/skip" WRIT_TEST_JOBS=${WRIT_TEST_JOBS:-2} "$runner" "$WRIT" tests > "$tmp/log" 2>&1) ||
  { grep -v '^ok' "$tmp/log" | head -60; exit 1; }
mkdir "$tmp/ex"
bad=0
for f in "$root"/examples/*.writ; do
  cp "$f" "$tmp/ex/"
  g="$tmp/ex/$(basename "$f")"
  "$WRIT" fmt "$g" || { echo "$f: refused"; bad=1; continue; }
  a=$(cd "$root" && "$WRIT" "$f" 3 < README.md 2>&1; echo "status $?")
  b=$(cd "$root" && "$WRIT" "$g" 3 < README.md 2>&1; echo "status $?")
  [ "$a" = "$b" ] || { echo "$f: behaves differently formatted"; diff <(echo "$a") <(echo "$b") | head; bad=1; }
done
exit $bad
