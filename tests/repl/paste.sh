# A block pasted with bracketed paste runs as one input: a throw on its
# second line stops the third, which line-by-line running would not.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
tm set-buffer -- "$(printf 'print("first")\nthrow "stop"\nprint("third")')"
tm paste-buffer -p -t 0
sleep 0.3
key Enter
expect 'uncaught value "stop" (a string, not an Error)'
expect 'first'
refute_line 'third'
# And a pasted multi-line definition followed by its use.
tm set-buffer -- "$(printf 'fn sq(x) {\n  return x * x\n}\nsq(12)')"
tm paste-buffer -p -t 0
sleep 0.3
key Enter
expect '144'
key C-d
expect_exit 0
