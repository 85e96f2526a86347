# A chain of symlinks, each inside, whose end points outside: refused.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s l2 root/l1
ln -s sub/l3 root/l2
ln -s ../l4 root/sub/l3
ln -s ../outside/secret.txt root/l4
ln -s l2dir root/d1
ln -s ../outside root/l2dir
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
try { print(d.read("l1")) } catch e { print("refused") }
try { print(d.read("d1/secret.txt")) } catch e { print("refused") }
try { print(d.list("d1")) } catch e { print("refused") }'
  expect_out "refused
refused
refused"
done
