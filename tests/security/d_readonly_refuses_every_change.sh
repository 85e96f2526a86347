# readonly() gives the same directory with read rights only: write,
# append, remove and mkdir fail before touching anything.
. "$(dirname "$0")/../dir/_lib.sh"
run --allow-write=root 'let r = sys.dir("root").readonly()
print(r.read("a.txt"), r.list(), r.exists("sub"))
try { r.write("a.txt", "x") } catch e { print(e.message()) }
try { r.write("new.txt", "x") } catch e { print(e.message()) }
try { r.append("a.txt", "x") } catch e { print(e.message()) }
try { r.remove("a.txt") } catch e { print(e.message()) }
try { r.mkdir("d") } catch e { print(e.message()) }'
expect_out 'hello ["a.txt", "sub"] true
Dir.write: this Dir is read-only
Dir.write: this Dir is read-only
Dir.append: this Dir is read-only
Dir.remove: this Dir is read-only
Dir.mkdir: this Dir is read-only'
[ "$(ls root)" = "a.txt
sub" ] && [ "$(cat root/a.txt)" = hello ] || fail "root/ changed"
