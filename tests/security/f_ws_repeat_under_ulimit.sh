# A child asks "x".repeat(900000000) inside a 1 MB memory budget while the process may only map 300 MB: refused by the budget before any allocation, no crash.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/big.writ" <<'W'
let ws = Workspace({})
try { ws.eval("\"x\".repeat(900000000)", {memory: 1000000}) } catch e { print(e.message()) }
try { ws.eval("let s = \"y\".repeat(100000); var l = []; for i in 0..5000 { l.push(s) }; l.join(\"\")", {memory: 1000000}) } catch e { print(e.message()) }
print("host alive")
W
# AddressSanitizer builds reserve terabytes of shadow memory and cannot run
# under ulimit -v; they still run the script, only without the address cap.
cap=300000
if grep -q __asan_init "$WRIT" 2>/dev/null; then cap=unlimited; fi
( ulimit -v "$cap"; "$WRIT" "$tmp/big.writ" >"$tmp/out" 2>"$tmp/err" </dev/null )
status=$?
expected='memory limit exceeded (limit 1000000 bytes)
memory limit exceeded (limit 1000000 bytes)
host alive'
if [ "$status" != 0 ] || [ "$(cat "$tmp/out")" != "$expected" ]; then
  echo "status $status; stdout: $(head -c 300 "$tmp/out"); stderr: $(head -c 300 "$tmp/err")"
  exit 1
fi
exit 0
