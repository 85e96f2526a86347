# The allocator hook's contract holds on every failure path: every realloc
# and free names the size the block was allocated with, nothing is left
# after writ_vm_free, and the VM runs code again after each failure
# (tests/api/_alloc_sizes.c: allocation failure at every allocation, and
# memory limits from 0 up). It caught a module's variable arrays growing in
# three allocations, where a failure on the second left the first with a
# size the module did not record.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_alloc_sizes.c" "$tmp/sizes"
# Under the sanitizers (a collection at every allocation) a coarser memory
# sweep keeps the test within its time.
step=64
if nm "$lib" 2>/dev/null | grep -q __asan_init; then step=512; fi
out=$("$tmp/sizes" "$step") || { echo "$out"; exit 1; }
echo "$out" | grep -q "nothing leaked" || { echo "$out"; exit 1; }
