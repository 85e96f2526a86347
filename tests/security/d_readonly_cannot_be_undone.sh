# No rights amplification: everything made from a read-only Dir is
# read-only, and no method gives write back.
. "$(dirname "$0")/../dir/_lib.sh"
mkdir root/sub/inner
run --allow-write=root 'let r = sys.dir("root").readonly()
let views = [r.sub("sub"), r.sub("sub").sub("inner"), r.readonly(), r.readonly().sub("sub"), r.sub(".")]
for v in views {
  try { v.write("x.txt", "x") } catch e { print(e.message()) }
}
try { r.writable() } catch e { print("no method") }
try { r.sub("sub").mkdir("new") } catch e { print(e.message()) }'
expect_out "Dir.write: this Dir is read-only
Dir.write: this Dir is read-only
Dir.write: this Dir is read-only
Dir.write: this Dir is read-only
Dir.write: this Dir is read-only
no method
Dir.mkdir: this Dir is read-only"
[ -z "$(find root -name 'x.txt' -o -name new)" ] || fail "something was written"
