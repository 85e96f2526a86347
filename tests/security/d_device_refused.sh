# A device node inside the Dir is not a regular file: refused, unread.
# (Making one needs privileges; without them there is nothing to test.)
. "$(dirname "$0")/../dir/_lib.sh"
mknod root/zero c 1 5 2>/dev/null || exit 0
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
try { d.read("zero") } catch e { print(e.message()) }
try { d.write("zero", "x") } catch e { print(e.message()) }'
  expect_out "Dir.read: cannot read 'zero': not a regular file
Dir.write: cannot write 'zero': not a regular file"
done
