# Expression statements show their value quoted (strings in quotes,
# containers as literals, nil not at all); _ holds the last value shown.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line '"tab\there"'
expect '"tab\there"'
line '[1, "two", {"k": nil}]'
expect '[1, "two", {"k": nil}]'
line 'nil'
line '6 * 7'
expect '42'
line '_ + 1'
expect '43'
line 'let kept = _'
line 'kept'
expect_count '43' 2
line 'print("raw text")'
expect 'raw text'
refute_line '"raw text"'
expect_prompts 9
# nil showed nothing: the line after it is the next prompt.
screen | grep -A1 -x '> nil' | tail -1 | grep -qx '> 6 \* 7' || fail "nil printed something"
key C-d
expect_exit 0
