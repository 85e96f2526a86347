# Dir.write creates a file, and replaces all of an existing file's text.
. "$(dirname "$0")/_lib.sh"
run --allow-write=root 'let d = sys.dir("root")
d.write("new.txt", "first version, long")
d.write("new.txt", "second")
d.write("sub/deep.txt", "é\n")
print(d.read("new.txt"))'
expect_out 'second'
[ "$(cat root/new.txt)" = second ] || fail "new.txt holds: $(cat root/new.txt)"
[ "$(cat root/sub/deep.txt)" = é ] || fail "sub/deep.txt holds: $(cat root/sub/deep.txt)"
