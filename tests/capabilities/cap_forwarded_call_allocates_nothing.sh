# A call through a revocable proxy or a facet must allocate nothing (the
# forwarder steps aside to the target's method): 100000 forwarded calls
# allocate no more than 100000 direct ones. Counted through the public
# allocator hook, so a regression that allocates per call shows as ~100000.
. "$(dirname "$0")/../api/_cc.sh"
compile_host "$root/tests/capabilities/_alloc_count.c" "$tmp/count"
setup='import cap
class Counter { new() { @n = 0 } add(k) { @n = @n + k; return @n } }
let c = Counter()
let [p, revoke] = cap.revocable(c)
let f = cap.facet(c, ["add"])
let pp = cap.revocable(p)[0]
var i = 0'
direct=$("$tmp/count" "$setup" 'i = 0
while i < 100000 { c.add(1); i = i + 1 }')
proxied=$("$tmp/count" "$setup" 'i = 0
while i < 100000 { p.add(1); i = i + 1 }')
faceted=$("$tmp/count" "$setup" 'i = 0
while i < 100000 { f.add(1); i = i + 1 }')
chained=$("$tmp/count" "$setup" 'i = 0
while i < 100000 { pp.add(1); i = i + 1 }')
# The same loop through a membrane does allocate (wrappers): this shows
# the count is sensitive (the test could fail).
bound=$("$tmp/count" "$setup" 'i = 0
while i < 100000 { let m = c.add; m(1); i = i + 1 }')
echo "direct=$direct revocable=$proxied facet=$faceted chain=$chained bound-method=$bound"
[ "$bound" -ge 100000 ] || { echo "the counter missed per-call allocations"; exit 1; }
for n in "$proxied" "$faceted" "$chained"; do
  [ "$n" -le $((direct + 8)) ] || { echo "a forwarded call allocated"; exit 1; }
done
