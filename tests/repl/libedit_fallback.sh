# Built with libedit instead of GNU readline, the REPL still edits lines,
# keeps history in ~/.writ_history, completes, and handles Ctrl-C and
# Ctrl-D. The CLI is built here with LINE_EDIT=libedit's settings against
# the library under test: not linked to libedit, which the REPL loads
# (cli/line.c's default soname, libedit.so.2).
. "$(dirname "$0")/_lib.sh"
[ -e /usr/include/editline/readline.h ] || fail "libedit-dev is needed for this test (apt-get install libedit-dev)"
build_cli "$tmp/writ-libedit" -DWRIT_LIBEDIT -ldl
ldd "$tmp/writ-libedit" | grep -q libedit && fail "the libedit build links libedit"
WRIT=$tmp/writ-libedit
repl_start --
expect_prompts 1
type_text 'sys.d'; key Tab; key Enter
expect '<fn dir>'
basic_session
[ "$(grep -c 'f(22)' "$HOME/.writ_history")" = 1 ] || fail "history: $(cat "$HOME/.writ_history")"
