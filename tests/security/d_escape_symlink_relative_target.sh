# A symlink whose relative target climbs out of the Dir is not followed.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside/secret.txt root/link
ln -s ../../outside/secret.txt root/sub/deeplink
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
for p in ["link", "sub/deeplink"] {
  try { print(d.read(p)) } catch e { print("refused") }
}
try { print(d.sub("sub").read("deeplink")) } catch e { print("refused") }'
  expect_out "refused
refused
refused"
done
run --allow-read=root 'sys.dir("root").read("link")'
expect_error "Dir.read: 'link' escapes the directory"
