# Symlink loops end in an error, not a hang, in both lookups.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s self root/self
ln -s b root/a
ln -s a root/b
ln -s loopdir/x root/loopdir
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
for p in ["self", "a", "loopdir/f"] {
  try { print(d.read(p)) } catch e { print(e.message()) }
}
try { d.write("a", "x") } catch e { print(e.message()) }'
  expect_out "Dir.read: cannot read 'self': too many levels of symlinks, or a symlink that is not followed
Dir.read: cannot read 'a': too many levels of symlinks, or a symlink that is not followed
Dir.read: cannot read 'loopdir/f': too many levels of symlinks, or a symlink that is not followed
Dir.write: cannot write 'a': too many levels of symlinks, or a symlink that is not followed"
done
