# isDir and isFile: whether the entry itself is a directory or a regular
# file; false for a missing path, for the wrong kind, and for a symlink
# (not followed, even when it stays inside).
. "$(dirname "$0")/_lib.sh"
ln -s a.txt root/to-file
ln -s sub root/to-dir
mkfifo root/pipe
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
for p in ["a.txt", "sub", "sub/", ".", "to-file", "to-dir", "pipe", "missing", "sub/missing", "a.txt/"] {
  print(p, d.isDir(p), d.isFile(p))
}'
  expect_out "a.txt false true
sub true false
sub/ true false
. true false
to-file false false
to-dir false false
pipe false false
missing false false
sub/missing false false
a.txt/ false false"
done
