# walk(path) errors: a missing path, a file, bad arguments; each names the
# path as the script wrote it.
. "$(dirname "$0")/_lib.sh"
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
for p in ["missing", "a.txt", "", "/tmp"] {
  try { print(d.walk(p)) } catch e { print(e.message()) }
}
try { d.walk(1) } catch e { print(e.message()) }
try { d.walk("a", "b") } catch e { print(e.message()) }'
  expect_out "Dir.walk: cannot list 'missing': no such file or directory
Dir.walk: cannot list 'a.txt': not a directory
Dir.walk: empty path
Dir.walk: '/tmp': absolute paths are not allowed
bad argument #1 to 'walk' (string expected, got number)
walk() takes 0 to 1 arguments, got 2"
done
