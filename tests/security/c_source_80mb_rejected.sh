# 80 MB of valid code (a million print statements) is given as a script, file and stdin; safe: refused with the clear size error before any of it runs, no crash.
. "$(dirname "$0")/_lib.sh"
line='print("x")                              // padded to 40 bytes.'
line=${line:0:39}
yes "$line" | head -c 83886080 > "$tmp/big.writ"
expect_refused "$tmp/big.writ" "error: source too large (limit 67108864 bytes)"
"$WRIT" - <"$tmp/big.writ" >"$tmp/out2" 2>"$tmp/err2"
st=$?
[ "$st" = 1 ] || { echo "stdin: exit status $st, expected 1"; exit 1; }
[ -s "$tmp/out2" ] && { echo "stdin: code ran"; exit 1; }
grep -q "error: source too large" "$tmp/err2" || { echo "stdin: $(head -c 300 "$tmp/err2")"; exit 1; }
exit 0
