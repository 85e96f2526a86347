# A multi-line input is one history entry: Up recalls the whole function,
# newlines kept, and it can be edited and run again; it stays one entry in
# ~/.writ_history for the next session. Each line of it is not an entry.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'fn f(x) {'
expect '... '
line '  return x + 1'
line '}'
line 'f(1)'
expect_prompts 3
key Up Up
expect_count '  return x + 1' 2
# Edit the recalled input: the cursor is at its end, after the brace.
key BSpace
type_text '}; 10'
key Enter
expect '10'
line 'f(41)'
expect '42'
key C-d
expect_exit 0
# One entry each: the function, f(1), the edited function, f(41).
entries=$(grep -vc '^#[0-9]' "$HOME/.writ_history")
stamps=$(grep -c '^#[0-9]' "$HOME/.writ_history")
[ "$stamps" = 4 ] || fail "expected 4 entries, history: $(cat "$HOME/.writ_history")"
[ "$entries" = 8 ] || fail "expected 8 lines of text, history: $(cat "$HOME/.writ_history")"

# The next session recalls the function whole from the file.
repl_start --
expect_prompts 1
key Up Up
expect '  return x + 1'
key Enter
line 'f(1)'
expect '2'
key C-d
expect_exit 0
