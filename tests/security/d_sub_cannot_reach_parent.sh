# A Dir from sub() is confined to that directory: its parent is outside.
. "$(dirname "$0")/../dir/_lib.sh"
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let s = sys.dir("root").sub("sub")
try { print(s.read("../a.txt")) } catch e { print(e.message()) }
try { s.write("../b.txt", "x") } catch e { print(e.message()) }
try { print(s.list("..")) } catch e { print(e.message()) }
print(s.list("."))'
  expect_out "Dir.read: '../a.txt' escapes the directory
Dir.write: '../b.txt' escapes the directory
Dir.list: '..' escapes the directory
[]"
  [ ! -e root/b.txt ] || fail "root/b.txt was created"
done
