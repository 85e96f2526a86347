# print of a list and a map nested 100 000 deep (built in a loop, so no source nesting limit applies), first caught then uncaught; safe: the clear depth error each time, no crash.
. "$(dirname "$0")/_lib.sh"
cat > "$tmp/deep.writ" <<W
var l = [1]
for i in 0..$deep { l = [l] }
try { print(l) } catch e { print(e.message()) }
var m = {"k": 1}
for i in 0..$deep { m = {"k": m} }
l = nil
try { print(m) } catch e { print(e.message()) }
print(m)
W
"$WRIT" "$tmp/deep.writ" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 1 ] || { echo "exit status $st, expected 1; stderr: $(head -c 300 "$tmp/err")"; exit 1; }
want='structure too deeply nested to print (limit 1000)'
[ "$(cat "$tmp/out")" = "$want
$want" ] || { echo "stdout: $(head -c 300 "$tmp/out")"; exit 1; }
[ "$(head -n 1 "$tmp/err")" = "$tmp/deep.writ:8:1: error: $want" ] ||
  [ "$(head -n 1 "$tmp/err")" = "$tmp/deep.writ:8:6: error: $want" ] ||
  { echo "stderr: $(head -n 1 "$tmp/err")"; exit 1; }
exit 0
