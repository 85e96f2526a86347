# Structures 1 000 000 deep (lists, maps, instances, closures) are made and the heap then churns, hoping a recursive collector overflows the C stack; safe: the program finishes with the right answer.
. "$(dirname "$0")/_lib.sh"
n=$((deep * 10))
case "$WRIT" in */build/gc/*) n=5000 ;; esac
cat > "$tmp/gc.writ" <<W
var l = []
for i in 0..$n { l = [l] }
var m = {}
for i in 0..$n { m = {"k": m} }
class Node { new(n) { @n = n } next() { return @n } }
var o = nil
for i in 0..$n { o = Node(o) }
var f = fn() => 0
for i in 0..$n { let g = f; f = fn() => g }
var junk = []
for i in 0..$n { junk.push([i]) }
var depth = 0
var p = o
while p != nil { depth += 1; p = p.next() }
print(depth == $n, l.len(), m.len(), type(f()))
W
out=$("$WRIT" "$tmp/gc.writ" 2>&1)
st=$?
[ "$st" = 0 ] && [ "$out" = "true 1 1 function" ] || { echo "status $st, output: $(echo "$out" | head -c 300)"; exit 1; }
