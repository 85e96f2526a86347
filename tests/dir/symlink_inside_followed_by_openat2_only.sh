# Relative symlinks that stay inside are followed with openat2; the walk
# used without openat2 refuses every symlink (safe, if less permissive).
. "$(dirname "$0")/_lib.sh"
ln -s a.txt root/alias
ln -s sub root/subalias
run --allow-read=root 'let d = sys.dir("root")
print(d.read("alias"), d.list("subalias"), d.exists("alias"))'
expect_out "hello [] true"
run --no-openat2 --allow-read=root 'let d = sys.dir("root")
try { d.read("alias") } catch e { print(e.message()) }
try { d.list("subalias") } catch e { print(e.message()) }
try { d.exists("alias") } catch e { print(e.message()) }'
expect_out "Dir.read: cannot read 'alias': too many levels of symlinks, or a symlink that is not followed
Dir.list: cannot list 'subalias': too many levels of symlinks, or a symlink that is not followed
Dir.exists: cannot check 'alias': too many levels of symlinks, or a symlink that is not followed"
