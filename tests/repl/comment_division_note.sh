# "print(7 // 2)" at the prompt: the "//" hides the ")", but the REPL does
# not wait for more input; it reports the error with the note about "//".
# A bracket left open for real still continues on a "..." line.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'print(7 // 2)'
expect "note: '//' on line 1 starts a comment"
expect_prompts 2
line 'print(7,'
expect '... '
line '2)'
expect '7 2'
key C-d
expect_exit 0
