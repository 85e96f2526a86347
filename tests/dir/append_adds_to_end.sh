# Dir.append adds to the end of a file, creating it if missing.
. "$(dirname "$0")/_lib.sh"
run --allow-write=root 'let d = sys.dir("root")
d.append("a.txt", ", world")
d.append("log.txt", "1\n")
d.append("log.txt", "2\n")
print(d.read("a.txt"))
print(d.read("log.txt").len())'
expect_out 'hello, world
4'
[ "$(cat root/log.txt)" = "1
2" ] || fail "log.txt holds: $(cat root/log.txt)"
