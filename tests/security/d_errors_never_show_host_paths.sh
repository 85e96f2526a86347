# Every kind of Dir and sys.dir error names paths as the script wrote
# them, never the host's absolute path (run checks each output for $tmp).
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside root/door
ln -s "$tmp/outside/secret.txt" root/abs
mkfifo root/pipe
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
let calls = [
  fn() => d.read("missing"), fn() => d.read("door/secret.txt"), fn() => d.read("abs"),
  fn() => d.read("../outside/secret.txt"), fn() => d.read("pipe"), fn() => d.read("sub"),
  fn() => d.write("door/x", ""), fn() => d.mkdir("sub"), fn() => d.remove("missing"),
  fn() => d.sub("a.txt"), fn() => d.list("door"), fn() => d.exists("door/x"),
  fn() => d.readonly().write("x", ""), fn() => sys.dir("outside"), fn() => sys.dir("root/missing"),
  fn() => sys.dir("root/door"), fn() => sys.dir("root/a.txt"), fn() => sys.dir("../../../../etc"),
]
var n = 0
for c in calls {
  try { c() } catch e { n += 1 }
}
print(n)
d.read("door/secret.txt")'
  expect_error "Dir.read:"
  [ "$out" = 18 ] || fail "expected 18 errors"
done
