# A race: while a helper keeps swapping root/race between a real directory
# and a symlink to outside, many reads of "race/f" through a Dir must each
# give the inside text or an error, never the outside secret.
. "$(dirname "$0")/../dir/_lib.sh"
mkdir root/race
printf SAFE > root/race/f
printf TOP-SECRET > outside/f
swap() { # each round ends with root/race a directory again
  while [ ! -e stop ]; do
    mv -T root/race root/hold 2>/dev/null
    ln -sfn ../outside root/race
    ln -sfn hold root/race # a symlink that stays inside
    ln -sfn ../outside root/race
    rm -f root/race
    mv -T root/hold root/race 2>/dev/null
  done
}
for mode in "${MODES[@]}"; do
  swap &
  bgpid=$!
  run $mode --allow-read=root 'let d = sys.dir("root")
var safe = 0
var refused = 0
for i in 0..4000 {
  try {
    let t = d.read("race/f")
    if t == "SAFE" { safe += 1 } else { print("LEAK: " + t) }
  } catch e { refused += 1 }
}
print(safe + refused)'
  touch stop
  wait "$bgpid"
  bgpid=
  rm stop
  expect_out "4000"
  [ "$(cat root/race/f)" = SAFE ] || fail "the helper lost root/race"
done
