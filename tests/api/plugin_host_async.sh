# examples/plugin-host's asynchronous capability, after(seconds), on
# plugins made here: a bad argument is the plugin's error; a timer
# callback that spins is stopped by the plugin's fuel, and the host goes
# on; a rejection nothing watches fails the plugin; timers a failed
# plugin left never fire, and the sends it made before failing run on its
# turn, not in the next plugin's.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/examples/plugin-host/host.c" "$tmp/plugin-host"
mkdir "$tmp/p"
printf 'after("soon")\n' > "$tmp/p/a_bad.writ"
printf 'when(after(1), fn(v) { log("spinning"); while true { } })\nwhen(after(2), fn(v) { log("never") })\n' > "$tmp/p/b_spin.writ"
printf 'when(after(3), fn(v) { log("lost") })\nlet f = fn() { log("sent before failing") }\nf <- ()\nthrow Error("gone")\n' > "$tmp/p/c_fails.writ"
printf 'let [p, r] = promise()\nwhen(after(0), fn(v) { r.reject("nobody looks") })\n' > "$tmp/p/d_unwatched.writ"
printf 'when(after(0.25), fn(v) { log("quarter") })\n' > "$tmp/p/e_ok.writ"
out=$("$tmp/plugin-host" "$tmp/p")
expected="a_bad.writ: error: a_bad.writ:1: bad argument #1 to 'after' (number expected, got string)
[b_spin] spinning
b_spin.writ: stopped: out of fuel (the host's limit)
[c_fails] sent before failing
c_fails.writ: error: c_fails.writ:4: gone
d_unwatched.writ: error: unhandled rejection: \"nobody looks\"
[e_ok] quarter
e_ok.writ: ok
plugin-host: 5 plugins run, 1 ok"
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
