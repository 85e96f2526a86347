# sys.file accepts the path as granted, another spelling of it, or the
# bare name; a name two grants share must be given as a path; the grant
# with the most rights wins; anything else is not granted.
. "$(dirname "$0")/_lib.sh"
mkdir other
printf A > root/notes.txt
printf B > other/notes.txt
printf C > root/sub/c.txt
run --allow-read=root/notes.txt --allow-read=root/sub/c.txt 'for p in ["root/notes.txt", "./root//notes.txt", "root/sub/../notes.txt", "notes.txt", "c.txt", "root/sub/c.txt"] {
  print(p, sys.file(p).read())
}
for p in ["other/notes.txt", "root/a.txt", "root", "a.txt", "sub/c.txt", "", "root/notes.txt/"] {
  try { sys.file(p) } catch e { print(e.message()) }
}'
expect_out "root/notes.txt A
./root//notes.txt A
root/sub/../notes.txt A
notes.txt A
c.txt C
root/sub/c.txt C
sys.file: 'other/notes.txt' is not granted (run with --allow-read=other/notes.txt)
sys.file: 'root/a.txt' is not granted (run with --allow-read=root/a.txt)
sys.file: 'root' is not granted (run with --allow-read=root)
sys.file: 'a.txt' is not granted (run with --allow-read=a.txt)
sys.file: 'sub/c.txt' is not granted (run with --allow-read=sub/c.txt)
sys.file: empty path
sys.file: 'root/notes.txt/' is not granted (run with --allow-read=root/notes.txt/)"
run --allow-read=root/notes.txt --allow-read=other/notes.txt 'print(sys.file("other/notes.txt").read())
sys.file("notes.txt")'
expect_error "sys.file: 'notes.txt' is the name of more than one granted file (give its path)"
[ "$out" = B ] || fail "expected B first"
run --allow-read=root/notes.txt --allow-write=./root/notes.txt 'let f = sys.file("notes.txt"); f.append("+"); print(f.read())'
expect_out "A+"
run 'sys.file("root/notes.txt")'
expect_error "sys.file: 'root/notes.txt' is not granted (run with --allow-read=root/notes.txt)"
