# Without readline (or libedit) the REPL reads plain lines: evaluation,
# continuation lines, Ctrl-C and Ctrl-D still work. The CLI is built here
# with LINE_EDIT=plain's settings against the library under test.
. "$(dirname "$0")/_lib.sh"
build_cli "$tmp/writ-plain"
nm "$tmp/writ-plain" | grep -q ' U readline' && fail "the plain build links readline"
WRIT=$tmp/writ-plain
repl_start --
expect_prompts 1
basic_session
