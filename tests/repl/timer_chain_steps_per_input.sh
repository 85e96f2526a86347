# After an input the REPL fires only the timers due when its queue starts
# running: a timer that sets itself again at once (after(0)) moves one step
# per input instead of keeping the prompt away, and :pending counts it.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'var n = 0'
line 'let again = fn(v) { n += 1; when(sys.clock.after(0), again) }'
line 'again(nil)'
line '"n=" + str(n)'
expect '"n=2"'
line '"n=" + str(n)'
expect '"n=3"'
line ':pending'
expect '0 messages queued, 1 timer and 0 line reads waiting'
key C-d
expect_exit 0
