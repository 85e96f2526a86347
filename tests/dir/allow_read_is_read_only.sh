# A directory granted with --allow-read can be read but not changed.
. "$(dirname "$0")/_lib.sh"
run --allow-read=root 'let d = sys.dir("root")
print(d.read("a.txt"))
d.write("new.txt", "x")'
expect_error "Dir.write: this Dir is read-only"
[ "$out" = hello ] || fail "expected hello first"
[ ! -e root/new.txt ] || fail "root/new.txt was created"
