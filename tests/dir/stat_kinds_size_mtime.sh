# Dir.stat(path) gives {kind, size, mtime} of the entry itself: "file"
# with its length, "dir", "link" (never followed, size 0) and "other" (a
# FIFO); mtime is seconds since 1970 with fractions. "." and "sub/.." are
# the directory itself.
. "$(dirname "$0")/_lib.sh"
ln -s a.txt root/to-file
ln -s sub root/to-dir
mkfifo root/pipe
touch -d '2021-03-04 05:06:07.25 UTC' root/a.txt
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
print(d.stat("a.txt"))
for p in ["sub", "sub/", "to-file", "to-dir", "pipe", ".", "sub/.."] {
  let s = d.stat(p)
  print(p, s["kind"], s["kind"] == "link" ? s["size"] : "-", type(s["mtime"]), s["mtime"] > 1.6e9)
}'
  expect_out '{"kind": "file", "size": 5, "mtime": 1614834367.25}
sub dir - number true
sub/ dir - number true
to-file link 0 number true
to-dir link 0 number true
pipe other - number true
. dir - number true
sub/.. dir - number true'
done
