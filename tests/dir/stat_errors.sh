# Dir.stat errors name the path as the script wrote it: a missing path
# (unlike isDir and isFile, which answer false), "x/" that is not a
# directory, a symlink with a trailing slash (not followed), bad paths.
. "$(dirname "$0")/_lib.sh"
ln -s sub root/to-dir
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
for p in ["missing", "sub/missing", "a.txt/", "a.txt/x", "to-dir/", "", "/etc"] {
  try { print(d.stat(p)) } catch e { print(e.message()) }
}
try { d.stat(3) } catch e { print(e.message()) }
d.stat("nope.txt")'
  expect_error "Dir.stat: cannot stat 'nope.txt': no such file or directory"
  [ "$out" = "Dir.stat: cannot stat 'missing': no such file or directory
Dir.stat: cannot stat 'sub/missing': no such file or directory
Dir.stat: cannot stat 'a.txt/': not a directory
Dir.stat: cannot stat 'a.txt/x': not a directory
Dir.stat: cannot stat 'to-dir/': not a directory
Dir.stat: empty path
Dir.stat: '/etc': absolute paths are not allowed
bad argument #1 to 'stat' (string expected, got number)" ] || fail "unexpected messages"
done
