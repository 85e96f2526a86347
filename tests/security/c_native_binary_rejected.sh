# A native executable (the interpreter itself) is passed as a script, hoping native code is loaded; safe: refused as source with a clear error.
. "$(dirname "$0")/_lib.sh"
cp "$WRIT" "$tmp/native.writ"
expect_refused "$tmp/native.writ" "native.writ:1:"
grep -q "error: source contains a NUL byte\|error: source is not valid UTF-8\|error: unexpected character" "$tmp/err" ||
  { echo "not a clear source error: $(head -n 1 "$tmp/err")"; exit 1; }
# Also through standard input ("writ -").
"$WRIT" - <"$WRIT" >"$tmp/out2" 2>"$tmp/err2"
st=$?
[ "$st" = 1 ] || { echo "stdin: exit status $st, expected 1"; exit 1; }
[ -s "$tmp/out2" ] && { echo "stdin: something ran"; exit 1; }
grep -q "error: " "$tmp/err2" || { echo "stdin: no clear error: $(head -c 200 "$tmp/err2")"; exit 1; }
exit 0
