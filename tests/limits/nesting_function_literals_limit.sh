# Function literals nested beyond the compiler's limit (but within the
# parser's): a clear compile error.
. "$(dirname "$0")/_lib.sh"
{ printf 'let f = '; gen 150 'fn() { return '; printf '1'; gen 150 ' }'; printf '\n'; } > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "error: functions nest too deeply (limit 100)"
# ... and 90 levels, within the limit, compile and run.
{ printf 'var f = '; gen 90 'fn() { return '; printf '7'; gen 90 ' }'; printf '\n'; gen 90 'f = f()
'; printf 'print(f)\n'; } > "$tmp/ok.writ"
out=$("$WRIT" "$tmp/ok.writ" 2>&1)
[ "$out" = "7" ] || { echo "90 nested functions: got $out"; exit 1; }
