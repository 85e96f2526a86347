# A race: while a helper keeps swapping root/race between a real directory
# and a symlink to outside, walk() must never list what is outside: it
# checks an entry is a directory and then opens it by name with
# O_NOFOLLOW, so a swap in between makes it list the entry, not enter it.
. "$(dirname "$0")/../dir/_lib.sh"
mkdir root/race
printf SAFE > root/race/f
mkdir outside/x
swap() {
  while [ ! -e stop ]; do
    mv -T root/race root/hold 2>/dev/null
    ln -sfn ../outside root/race
    rm -f root/race
    mv -T root/hold root/race 2>/dev/null
  done
}
for mode in "${MODES[@]}"; do
  swap &
  bgpid=$!
  run $mode --allow-read=root 'let d = sys.dir("root")
var n = 0
for i in 0..1500 {
  try {
    for p in d.walk() {
      if p.contains("secret") or p.contains("race/x") { print("LEAK: " + p) }
    }
    n += 1
  } catch e { n += 1 }
}
print(n)'
  touch stop
  wait "$bgpid"
  bgpid=
  rm stop
  expect_out "1500"
  [ "$(cat root/race/f)" = SAFE ] || fail "the helper lost root/race"
done
