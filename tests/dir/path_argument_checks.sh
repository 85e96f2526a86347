# Paths must be non-empty strings without NUL bytes.
. "$(dirname "$0")/_lib.sh"
run --allow-write=root 'let d = sys.dir("root")
try { d.read("") } catch e { print(e.message()) }
try { d.read("a.txt\0x") } catch e { print(e.message()) }
try { d.read(1) } catch e { print(e.message()) }
try { d.write("a.txt", 5) } catch e { print(e.message()) }
try { sys.dir("") } catch e { print(e.message()) }
try { sys.dir(nil) } catch e { print(e.message()) }
try { d.list("") } catch e { print(e.message()) }'
expect_out "Dir.read: empty path
Dir.read: the path contains a NUL byte
bad argument #1 to 'read' (string expected, got number)
bad argument #2 to 'write' (string expected, got number)
sys.dir: empty path
bad argument #1 to 'dir' (string expected, got nil)
Dir.list: empty path"
[ "$(cat root/a.txt)" = hello ] || fail "a.txt changed"
