# The REPL runs the queue after each input: a send shows as a pending
# promise, then `_` is the value it settled to; what a when callback prints follows
# the input; a timer due now fires, a later one waits (:pending counts
# it); a rejection nothing watches is reported and the session goes on;
# a run stopped by Ctrl-C leaves the rest queued for :pending to list, and
# the next input runs it; line reads are refused (the terminal is the
# REPL's).
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'class C { new() { @n = 0 } inc(k) { @n += k; return @n } }'
line 'let c = C()'
line 'c <- inc(1)'
expect '<promise pending>'
line '_'
expect '1'
line 'when(c <- inc(2), fn(v) { print("got", v) })'
expect 'got 3'
line 'when(sys.clock.after(0), fn(v) { print("zero fired") })'
expect 'zero fired'
line 'when(sys.clock.after(600), fn(v) { print("late fired") })'
line ':pending'
expect '0 messages queued, 1 timer and 0 line reads waiting'
line 'sys.in.readLineAsync()'
expect 'sys.in.readLineAsync: standard input belongs to the REPL'
line 'let [p, r] = promise()'
line 'r.reject("oops")'
expect 'unhandled rejection: "oops"'
line '6 * 7'
expect '42'
line 'let spin = fn() { while true { } }'
line 'spin <- (); print <- ("after spin")'
sleep 0.5
key C-c
expect 'interrupted'
line ':pending'
expect 'function <- (1 argument)'
expect '1 message queued, 1 timer and 0 line reads waiting'
refute_line 'after spin'
line 'nil'
expect_count 'after spin' 2 # the input that sent it, and its output
line ':help'
expect ':pending'
refute_line 'late fired'
key C-d
expect_exit 0
