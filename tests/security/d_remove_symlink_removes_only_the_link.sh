# Removing a symlink removes the link, never what it points to.
. "$(dirname "$0")/../dir/_lib.sh"
for mode in "${MODES[@]}"; do
  ln -sfn ../outside root/door
  ln -sf ../outside/secret.txt root/filelink
  ln -sf "$tmp/outside/secret.txt" root/abslink
  run $mode --allow-write=root 'let d = sys.dir("root")
d.remove("door")
d.remove("filelink")
d.remove("abslink")
print(d.list())'
  expect_out '["a.txt", "sub"]'
  outside_untouched
done
