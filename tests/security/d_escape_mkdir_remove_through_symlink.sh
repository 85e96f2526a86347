# mkdir and remove cannot reach outside through a symlinked directory.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside root/door
ln -s "$tmp/outside" root/absdoor
mkdir outside/emptydir
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
for door in ["door", "absdoor"] {
  try { d.mkdir(door + "/evil") } catch e { print("refused") }
  try { d.remove(door + "/secret.txt") } catch e { print("refused") }
  try { d.remove(door + "/emptydir") } catch e { print("refused") }
  try { d.sub(door) } catch e { print("refused") }
}'
  expect_out "$(for i in 1 2 3 4 5 6 7 8; do echo refused; done)"
  [ "$(ls -A outside)" = "emptydir
secret.txt" ] || fail "outside/ changed: $(ls -A outside)"
  [ "$(cat outside/secret.txt)" = TOP-SECRET ] || fail "outside/secret.txt changed"
done
