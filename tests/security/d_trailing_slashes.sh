# "name/" means a directory: fine for list, sub, exists and mkdir; a file
# path with a trailing slash is refused before any lookup.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside root/door
for mode in "${MODES[@]}"; do
  rm -rf root/made
  run $mode --allow-write=root 'let d = sys.dir("root")
print(d.list("sub/"), d.sub("sub//").list(), d.exists("sub/"), d.exists("a.txt/"))
try { d.read("a.txt/") } catch e { print(e.message()) }
try { d.write("new/", "x") } catch e { print(e.message()) }
try { d.append("a.txt/", "x") } catch e { print(e.message()) }
try { d.remove("a.txt/") } catch e { print(e.message()) }
try { d.remove("door/") } catch e { print("refused") }
try { d.read("door/") } catch e { print(e.message()) }
try { print(d.list("door/")) } catch e { print("refused") }
d.mkdir("made/")
print(d.exists("made"))'
  expect_out "[] [] true false
Dir.read: 'a.txt/': a file's path cannot end with '/'
Dir.write: 'new/': a file's path cannot end with '/'
Dir.append: 'a.txt/': a file's path cannot end with '/'
Dir.remove: cannot remove 'a.txt/': not a directory
refused
Dir.read: 'door/': a file's path cannot end with '/'
refused
true"
  [ -e root/a.txt ] && [ ! -e root/new ] && [ -L root/door ] || fail "root/ changed"
  outside_untouched
done
