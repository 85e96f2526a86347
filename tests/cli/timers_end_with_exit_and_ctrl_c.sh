# Pending timers do not keep writ alive once the run ends: sys.exit with a
# long timer waiting exits at once with its status; an error in the main
# script runs no turns; Ctrl-C while waiting for a timer exits 130.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
timeout 20 "$WRIT" -e 'sys.clock.after(30)
sys.exit(3)'
status=$?
[ $status = 3 ] || { echo "sys.exit with a timer pending: status $status, expected 3"; exit 1; }
timeout 20 "$WRIT" -e 'when(sys.clock.after(30), fn(v) { print("fired") })
error("stop")' >"$tmp/out" 2>/dev/null
status=$?
[ $status = 1 ] || { echo "error with a timer pending: status $status, expected 1"; exit 1; }
[ -s "$tmp/out" ] && { echo "a timer fired after the script failed"; exit 1; }
[ $(( $(date +%s) - start )) -lt 15 ] || { echo "a pending timer kept writ alive"; exit 1; }

"$WRIT" -e 'print("waiting")
when(sys.clock.after(60), fn(v) { print("fired") })' >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q waiting "$tmp/out" 2>/dev/null && break; sleep 0.1; done
sleep 0.2
kill -INT $pid
wait $pid
status=$?
[ $status = 130 ] || { echo "Ctrl-C while a timer waits: status $status, expected 130"; exit 1; }
grep -q fired "$tmp/out" && { echo "the timer fired after Ctrl-C"; exit 1; }
grep -q "interrupted while waiting" "$tmp/err" || { echo "stderr: $(cat "$tmp/err")"; exit 1; }
exit 0
