# A symlink with an absolute target is not followed, even one that points
# back inside the Dir (the kernel cannot tell).
. "$(dirname "$0")/../dir/_lib.sh"
ln -s "$tmp/outside/secret.txt" root/abs
ln -s "$tmp/root/a.txt" root/abs_inside
ln -s /etc/passwd root/passwd
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
for p in ["abs", "abs_inside", "passwd"] {
  try { print(d.read(p)) } catch e { print("refused") }
}'
  expect_out "refused
refused
refused"
done
run --allow-read=root 'sys.dir("root").read("abs")'
expect_error "Dir.read: 'abs' escapes the directory"
