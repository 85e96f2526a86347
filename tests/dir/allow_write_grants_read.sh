# --allow-write grants read too: a directory you may change you may read.
. "$(dirname "$0")/_lib.sh"
run --allow-write=root 'let d = sys.dir("root")
print(d.read("a.txt"), d.list())
d.write("b.txt", "x")
print(d.exists("b.txt"))'
expect_out 'hello ["a.txt", "sub"]
true'
