# Writing through a read-only grant fails with an error naming the flag
# that would allow it: --allow-write= with the grant's path as typed (a
# relative one), or, for an absolute grant, the path the script gave
# sys.dir. sub() keeps the hint; readonly() (the script's own choice) and
# a single file granted read only say so in their own words.
. "$(dirname "$0")/../dir/_lib.sh"
printf notes > notes.txt
run --allow-read=root 'let d = sys.dir("root")
for f in [fn() => d.write("out.txt", "x"), fn() => d.append("a.txt", "x"), fn() => d.remove("a.txt"),
          fn() => d.mkdir("new"), fn() => d.sub("sub").write("x", ""), fn() => sys.dir("root/sub").write("x", ""),
          fn() => d.readonly().write("x", "")] {
  try { f() } catch e { print(e.message()) }
}'
expect_out "Dir.write: this Dir is read-only (run with --allow-write=root to allow changes)
Dir.append: this Dir is read-only (run with --allow-write=root to allow changes)
Dir.remove: this Dir is read-only (run with --allow-write=root to allow changes)
Dir.mkdir: this Dir is read-only (run with --allow-write=root to allow changes)
Dir.write: this Dir is read-only (run with --allow-write=root to allow changes)
Dir.write: this Dir is read-only (run with --allow-write=root to allow changes)
Dir.write: this Dir is read-only"
run --allow-read=./root/ 'sys.dir("root").write("x", "")'
expect_error "Dir.write: this Dir is read-only (run with --allow-write=./root/ to allow changes)"
# An absolute grant: the message shows the path the script wrote, not the
# host path ($tmp; run fails the test if it shows).
run --allow-read="$tmp/root" 'sys.dir("root/sub").write("x", "")'
expect_error "Dir.write: this Dir is read-only (run with --allow-write=root/sub to allow changes)"
run --allow-read=notes.txt 'sys.file("notes.txt").write("x")'
expect_error "File.write: this File is read-only (run with --allow-write=notes.txt to allow changes)"
[ "$(cat notes.txt)" = notes ] && [ ! -e root/out.txt ] && [ ! -e root/new ] || fail "something changed"
# The suggested flag works.
run --allow-write=root --allow-write=notes.txt 'sys.dir("root").write("out.txt", "x"); sys.file("notes.txt").append("!")'
expect_out ""
[ "$(cat notes.txt)" = notes! ] && [ -e root/out.txt ] || fail "the flag did not allow the change"
