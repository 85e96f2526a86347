# A child is made to hit its memory budget 600 times in the middle of map growth (each time at a different size): nothing may leak, so the run fits in a 200 MB address space.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/leak.writ" <<'W'
let ws = Workspace({})
var n = 0
var other = "none"
for round in 0..600 {
  let limit = 500000 + round * 4093
  try {
    ws.eval("let m = {}; var i = 0; while true { m[i] = i; i += 1 }", {memory: limit})
  } catch e {
    if e.message() == "memory limit exceeded (limit " + str(limit) + " bytes)" { n += 1 } else { other = e.message() }
  }
}
print(n, other)
W
# AddressSanitizer builds reserve terabytes of shadow memory and cannot run
# under ulimit -v; there LeakSanitizer reports the leak at exit instead.
cap=200000
if grep -q __asan_init "$WRIT" 2>/dev/null; then cap=unlimited; fi
( ulimit -v "$cap"; "$WRIT" "$tmp/leak.writ" >"$tmp/out" 2>"$tmp/err" </dev/null )
status=$?
if [ "$status" != 0 ] || [ "$(cat "$tmp/out")" != "600 none" ]; then
  echo "status $status; stdout: $(head -c 300 "$tmp/out"); stderr: $(head -c 300 "$tmp/err")"
  exit 1
fi
exit 0
