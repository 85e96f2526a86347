# What mkdir, remove, write and append create or remove must be named by
# the path's last component: ".", ".." and "x/.." (the Dir itself, or a
# directory's parent) are refused before any lookup, in both lookups.
. "$(dirname "$0")/../dir/_lib.sh"
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
try { d.mkdir(".") } catch e { print(e.message()) }
try { d.mkdir("sub/..") } catch e { print(e.message()) }
try { d.remove(".") } catch e { print(e.message()) }
try { d.remove("sub/..") } catch e { print(e.message()) }
try { d.remove("sub/.") } catch e { print(e.message()) }
try { d.remove("..") } catch e { print(e.message()) }
try { d.write("sub/.", "x") } catch e { print(e.message()) }
try { d.append("..", "x") } catch e { print(e.message()) }
print(d.list(), d.sub("sub").list())'
  expect_out "Dir.mkdir: '.': the path must end with a name
Dir.mkdir: 'sub/..': the path must end with a name
Dir.remove: '.': the path must end with a name
Dir.remove: 'sub/..': the path must end with a name
Dir.remove: 'sub/.': the path must end with a name
Dir.remove: '..': the path must end with a name
Dir.write: 'sub/.': the path must end with a name
Dir.append: '..': the path must end with a name
[\"a.txt\", \"sub\"] []"
  outside_untouched
done
