# Dir.mkdir makes one directory; an existing name or a missing parent is
# an error.
. "$(dirname "$0")/_lib.sh"
run --allow-write=root 'let d = sys.dir("root")
d.mkdir("made")
d.mkdir("made/inner/")
try { d.mkdir("made") } catch e { print(e.message()) }
try { d.mkdir("no/such/parent") } catch e { print(e.message()) }
print(d.list("made"))'
expect_out "Dir.mkdir: cannot create 'made': file exists
Dir.mkdir: cannot create 'no/such/parent': no such file or directory
[\"inner\"]"
[ -d root/made/inner ] || fail "root/made/inner was not made"
