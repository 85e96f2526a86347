# Without readline (or libedit) the REPL reads plain lines: evaluation,
# continuation lines, Ctrl-C and Ctrl-D still work. The CLI is built here
# with LINE_EDIT=plain's settings against the library under test.
. "$(dirname "$0")/_lib.sh"
build_cli "$tmp/writ-plain"
nm "$tmp/writ-plain" | grep -q ' U readline' && fail "the plain build links readline"
WRIT=$tmp/writ-plain
repl_start --
expect_prompts 1
line 'let a = 20'
line 'fn f(x) {'
expect '... '
line '  return x + a'
line '}'
line 'f(22)'
expect '42'
type_text 'garbage'; key C-c
line 'a'
expect '20'
refute "undefined variable 'garbage'"
line 'while true { }'
sleep 0.3
key C-c
expect 'interrupted'
line 'a + 1'
expect '21'
key C-d
expect_exit 0
