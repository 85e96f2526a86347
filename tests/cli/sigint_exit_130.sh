# Ctrl-C (SIGINT) stops a running script through the VM's interrupt: the
# script's try/catch cannot swallow it, stderr says "interrupted" at the
# loop, and the exit status is 130.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'print("started")\ntry {\n  while true { }\n} catch e { print("caught") }\n' > "$tmp/loop.writ"
"$WRIT" "$tmp/loop.writ" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q started "$tmp/out" 2>/dev/null && break; sleep 0.1; done
kill -INT $pid
wait $pid
status=$?
[ $status = 130 ] || { echo "exit status $status, expected 130"; cat "$tmp/err"; exit 1; }
grep -q caught "$tmp/out" && { echo "the interrupt was caught by the script"; exit 1; }
head -n 1 "$tmp/err" | grep -q "loop.writ:3:.*error: interrupted" || { echo "stderr: $(cat "$tmp/err")"; exit 1; }
