# When the line editor cannot be loaded, the REPL says so once on stderr
# (naming the library) and reads plain lines: evaluation, continuation
# lines, Ctrl-C and Ctrl-D still work, and no history file is written.
# Two ways to fail: a library of the editor's soname that lacks its
# symbols, found first through LD_LIBRARY_PATH (dlsym fails, the build
# under test), and a build that names a library that does not exist
# (dlopen fails). With standard input not a terminal, nothing is said.
. "$(dirname "$0")/_lib.sh"
lib=$(grep -a -o -E 'lib(readline|edit)\.so\.[0-9]+' "$WRIT" | head -1)
[ -n "$lib" ] || { echo "FAIL: $WRIT names no line editor to load (a LINE_EDIT=plain build?)"; exit 1; }
mkdir "$tmp/fake"
echo 'int writ_not_an_editor;' | cc -shared -fPIC -x c - -Wl,-soname,"$lib" -o "$tmp/fake/$lib" ||
  fail "cannot build the stand-in $lib"

# A session that works without editing; $1: what the one notice says.
plain_session() {
  expect_prompts 1
  expect "writ: no line editing or history: $1"
  [ "$(screen | grep -c 'no line editing')" = 1 ] || fail "the notice is not shown exactly once"
  basic_session
  [ ! -e "$HOME/.writ_history" ] || fail "history written without a line editor: $(cat "$HOME/.writ_history")"
}

repl_start "LD_LIBRARY_PATH=$tmp/fake" --
plain_session "$tmp/fake/$lib: undefined symbol"

out=$(echo '6 * 7' | LD_LIBRARY_PATH=$tmp/fake "$WRIT" -i /dev/null 2>"$tmp/err") || fail "writ -i with piped input failed"
grep -qx '> 42' <<<"$out" || fail "writ -i with piped input printed: $out"
[ ! -s "$tmp/err" ] || fail "a notice without a terminal: $(cat "$tmp/err")"

build_cli "$tmp/writ-nolib" -DWRIT_READLINE '-DWRIT_LINE_EDIT_LIB="libwrit-no-such-editor.so.0"' -ldl
nm "$tmp/writ-nolib" | grep -qE ' U (readline|rl_|add_history)' && fail "the variant links the editor"
WRIT=$tmp/writ-nolib
repl_start --
plain_session "libwrit-no-such-editor.so.0: cannot open shared object file"
