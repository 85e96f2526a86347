# Dir.sub opens a directory below with the same rights.
. "$(dirname "$0")/_lib.sh"
mkdir root/sub/inner
run --allow-write=root 'let d = sys.dir("root")
let s = d.sub("sub")
s.write("x.txt", "in sub")
print(s.sub("inner").list(), d.read("sub/x.txt"))
try { d.sub("a.txt") } catch e { print(e.message()) }
try { d.sub("missing") } catch e { print(e.message()) }'
expect_out "[] in sub
Dir.sub: 'a.txt' is not a directory
Dir.sub: cannot open 'missing': no such file or directory"
run --allow-read=root 'sys.dir("root").sub("sub").write("x.txt", "no")'
expect_error "Dir.write: this Dir is read-only"
