# Ctrl-C at the prompt clears the line (and a pending multi-line input);
# during evaluation it stops the code through the VM's interrupt and the
# prompt comes back with the session intact. Ctrl-D on an empty line
# leaves with status 0.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'let n = 7'
type_text 'this is not code'; key C-c
expect_prompts 3
line 'n * 6'
expect '42'
refute 'unexpected'
line 'fn pending() {'
expect '... '
key C-c
expect_prompts 5
line 'n'
expect_count '7' 2
line 'while true { }'
sleep 0.3
key C-c
expect 'error: interrupted'
expect_prompts 7
line 'n + 1'
expect '8'
key C-d
expect_exit 0
