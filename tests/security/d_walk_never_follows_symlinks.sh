# walk() lists symlinks as entries and never follows them: links to
# directories outside (relative and absolute), to a file outside, to a
# directory inside, and symlink loops. Nothing outside is listed, and the
# walk ends, in both lookups.
. "$(dirname "$0")/../dir/_lib.sh"
mkdir outside/deep
printf x > outside/deep/hidden.txt
ln -s ../outside root/door
ln -s "$tmp/outside" root/absdoor
ln -s ../outside/secret.txt root/leak
ln -s sub root/inside
ln -s self root/self
ln -s loop-b root/loop-a
ln -s loop-a root/loop-b
ln -s .. root/sub/up
ln -s ../.. root/sub/upup
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
print(d.walk())
print(d.walk("sub"))'
  expect_out '["a.txt", "absdoor", "door", "inside", "leak", "loop-a", "loop-b", "self", "sub", "sub/up", "sub/upup"]
["up", "upup"]'
done
