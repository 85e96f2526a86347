# walk() lists every path below the Dir, depth first: each directory's
# entries sorted by bytes, a directory before what it holds. walk(path)
# gives the paths below path, relative to it (as list(path) gives names).
# An empty directory walks to [].
. "$(dirname "$0")/_lib.sh"
mkdir -p root/b/c root/B root/sub/empty
printf 1 > root/b/z.txt
printf 2 > root/b/c/y.txt
printf 3 > root/b.txt
printf 4 > root/B/x
ln -s b root/link
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
print(d.walk())
print(d.walk("b"), d.walk("b/"), d.walk("sub"), d.walk("sub/empty"), str(d.sub("b").walk()) == str(d.walk("b")))
for p in d.walk() { if d.isFile(p) { sys.out.write(d.read(p)) } }
print()'
  expect_out '["B", "B/x", "a.txt", "b", "b/c", "b/c/y.txt", "b/z.txt", "b.txt", "link", "sub", "sub/empty"]
["c", "c/y.txt", "z.txt"] ["c", "c/y.txt", "z.txt"] ["empty"] [] true
4hello213'
done
