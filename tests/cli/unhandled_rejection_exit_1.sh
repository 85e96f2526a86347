# A rejection nothing watches is reported on stderr once the queue is
# empty (after the turns that could still have watched it), and the exit
# status is 1; a watched one is not reported.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$WRIT" -e '
let [p, r] = promise()
let [q, s] = promise()
when(q, fn(v) { print("fine") }, fn(e) { print("handled", e) })
when(sys.clock.after(0.02), fn(v) { r.reject("nobody listens"); s.reject("someone does") })
print("main")' >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 1 ] || { echo "exit status $status, expected 1"; cat "$tmp/err"; exit 1; }
[ "$(cat "$tmp/out")" = "main
handled someone does" ] || { echo "stdout: $(cat "$tmp/out")"; exit 1; }
grep -q 'unhandled rejection: "nobody listens"' "$tmp/err" || { echo "stderr: $(cat "$tmp/err")"; exit 1; }
grep -q 'someone does' "$tmp/err" && { echo "a handled rejection was reported: $(cat "$tmp/err")"; exit 1; }
# A reason whose toString never returns is shown as a preview: the report
# runs no Writ code, so it cannot hang the end of the run.
timeout 20 "$WRIT" -e 'class Spin { toString() { while true { } } }
let [p, r] = promise()
r.reject(Spin())' >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 1 ] || { echo "spinning toString: exit status $status, expected 1"; cat "$tmp/err"; exit 1; }
grep -q 'unhandled rejection: <Spin instance>' "$tmp/err" || { echo "spinning toString: stderr: $(cat "$tmp/err")"; exit 1; }
# Nothing left unhandled: status 0, nothing on stderr.
"$WRIT" -e 'let [p, r] = promise()
when(p, fn(v) {}, fn(e) { print("ok") })
r.reject("x")' >"$tmp/out" 2>"$tmp/err" || { echo "handled: status $?"; cat "$tmp/err"; exit 1; }
[ -s "$tmp/err" ] && { echo "handled: stderr: $(cat "$tmp/err")"; exit 1; }
exit 0
