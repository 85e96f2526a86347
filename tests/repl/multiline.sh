# Input continues on a "..." line while the parser says it is incomplete:
# open braces, brackets, parentheses, a fn or class header. A real syntax
# error is reported at once.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'fn add(a, b) {'
expect '... '
line '  return a + b'
line '}'
line 'add(2, 3)'
expect '5'
line '[1,'
line ' 2]'
expect '[1, 2]'
line 'max(4,'
line '9)'
expect '9'
line 'fn twice(x)'
expect_count '... ' 4
line '{ return x * 2 }'
line 'class Box'
expect_count '... ' 6
line '{ new(v) { @v = v }'
line '  get() { return @v } }'
line 'twice(Box(21).get())'
expect '42'
line '1 +* 2'
expect "error: unexpected '*'"
# Straight back to the main prompt, no "..." for a real error.
expect_prompts 8
line '"still here"'
expect '"still here"'
key C-d
expect_exit 0
