# write and append cannot reach outside through a symlink: not to a file
# outside, not into a directory outside, not by creating a dangling
# symlink's target outside.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside/secret.txt root/rel
ln -s "$tmp/outside/secret.txt" root/abs
ln -s ../outside root/door
ln -s ../outside/created.txt root/dangling
ln -s "$tmp/outside/created2.txt" root/absdangling
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
for p in ["rel", "abs", "door/secret.txt", "door/new.txt", "dangling", "absdangling"] {
  try { d.write(p, "pwned") } catch e { print("refused") }
  try { d.append(p, "pwned") } catch e { print("refused") }
}'
  expect_out "$(for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo refused; done)"
  outside_untouched
done
