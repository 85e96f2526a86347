# A race on `..`: while a helper keeps moving root/box/inner out to
# outside/ and back, reads of "inner/../f" through a Dir on root/box must
# give box's f or an error, never outside's (the kernel's openat2 retries;
# the walk pops its own descriptors and never asks for `..`).
. "$(dirname "$0")/../dir/_lib.sh"
mkdir -p root/box/inner
printf SAFE > root/box/f
printf TOP-SECRET > outside/f
move() { # each round ends with inner back in root/box
  while [ ! -e stop ]; do
    mv -T root/box/inner outside/inner 2>/dev/null
    mv -T outside/inner root/box/inner 2>/dev/null
  done
}
for mode in "${MODES[@]}"; do
  move &
  bgpid=$!
  run $mode --allow-read=root/box 'let d = sys.dir("root/box")
var n = 0
for i in 0..4000 {
  try {
    let t = d.read("inner/../f")
    if t == "SAFE" { n += 1 } else { print("LEAK: " + t) }
  } catch e { n += 1 }
}
print(n)'
  touch stop
  wait "$bgpid"
  bgpid=
  rm stop
  expect_out "4000"
  [ -d root/box/inner ] || fail "the helper lost root/box/inner"
done
