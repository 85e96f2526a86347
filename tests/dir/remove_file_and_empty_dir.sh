# Dir.remove removes a file or an empty directory; a directory with
# something in it, or a missing name, is an error.
. "$(dirname "$0")/_lib.sh"
mkdir root/full root/empty
: > root/full/x
run --allow-write=root 'let d = sys.dir("root")
d.remove("a.txt")
d.remove("empty")
try { d.remove("full") } catch e { print(e.message()) }
try { d.remove("missing") } catch e { print(e.message()) }
print(d.list())'
expect_out "Dir.remove: cannot remove 'full': directory not empty
Dir.remove: cannot remove 'missing': no such file or directory
[\"full\", \"sub\"]"
[ -e root/full/x ] || fail "full/x was removed"
