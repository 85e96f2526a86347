# -A grants every file too: sys.file opens any path whose last name is a
# regular file or nothing yet (write creates it), read and write; never a
# symlink, a directory or a missing directory.
. "$(dirname "$0")/_lib.sh"
ln -s a.txt root/link.txt
run -A 'print(sys.file("root/a.txt").read())
let n = sys.file("root/sub/new.txt")
n.write("made")
print(n.read(), n.size())
for p in ["root/link.txt", "root/sub", "root/sub/", "root/..", "missing/x.txt"] {
  try { sys.file(p) } catch e { print(e.message()) }
}'
expect_out "hello
made 4
sys.file: 'root/link.txt' is a symlink (sys.file does not follow links)
sys.file: 'root/sub' is not a regular file
sys.file: 'root/sub/' does not name a file
sys.file: 'root/..' does not name a file
sys.file: cannot open 'missing/x.txt': no such file or directory"
[ "$(cat root/sub/new.txt)" = made ] || fail "root/sub/new.txt"
