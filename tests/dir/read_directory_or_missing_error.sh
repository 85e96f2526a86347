# Reading a directory, or a missing file, names the path as written.
. "$(dirname "$0")/_lib.sh"
run --allow-read=root 'let d = sys.dir("root")
try { d.read("sub") } catch e { print(e.message()) }
try { d.read("sub/nothing.txt") } catch e { print(e.message()) }
try { d.read("a.txt/x") } catch e { print(e.message()) }'
expect_out "Dir.read: cannot read 'sub': is a directory
Dir.read: cannot read 'sub/nothing.txt': no such file or directory
Dir.read: cannot read 'a.txt/x': not a directory"
