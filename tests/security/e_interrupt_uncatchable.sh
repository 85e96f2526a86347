# A script (and a child workspace) wraps an endless loop in try/catch to survive Ctrl-C: SIGINT ends the run with status 130 and no catch runs.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/main.writ" <<'W'
sys.out.write("ready\n")
try { while true {} } catch e { print("caught in main:", e.message()) }
print("after main loop")
W
cat > "$tmp/child.writ" <<'W'
let ws = Workspace({})
sys.out.write("ready\n")
try {
  ws.eval("try { while true {} } catch e { 1 }; while true {}")
} catch e { print("caught in parent:", e.message()) }
print("after child loop")
W
for name in main child; do
  "$WRIT" "$tmp/$name.writ" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
  pid=$!
  # wait until the script is inside its loop (it wrote "ready"), at most 10 s
  for i in $(seq 1 100); do
    grep -q ready "$tmp/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.3
  kill -INT "$pid"
  # give it up to 10 s to stop
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"; wait "$pid" 2>/dev/null
    echo "$name: still running 10 s after SIGINT"; exit 1
  fi
  wait "$pid"
  status=$?
  if [ "$status" != 130 ]; then
    echo "$name: exit status $status, expected 130; stderr: $(head -c 300 "$tmp/$name.err")"; exit 1
  fi
  if grep -q -e caught -e after "$tmp/$name.out"; then
    echo "$name: the interrupt was caught or the script went on: $(cat "$tmp/$name.out")"; exit 1
  fi
done
exit 0
