# Colours only when stdout is a terminal and NO_COLOR is unset.
. "$(dirname "$0")/_lib.sh"
esc=$(printf '\033[')
repl_start --
expect_prompts 1
line '"green"'
expect '"green"'
screen_raw | grep -qF "$esc" || fail "no colour on a terminal"
key C-d
expect_exit 0

repl_start NO_COLOR=1 --
expect_prompts 1
line '"plain"'
line '1 + nil'
expect 'error:'
screen_raw | grep -qF "$esc" && fail "colour although NO_COLOR is set"
key C-d
expect_exit 0

# stdout into a pipe (stdin still the terminal): no colour goes there.
new_server
tm new-session -d -x 100 -y 50 "env -u NO_COLOR TERM=xterm-256color HOME='$HOME' '$WRIT' | cat > '$tmp/out.txt'; echo \"[exit \$?]\"; sleep 600"
sleep 1.5
line '"piped"'
line '[1, 2]'
key C-d
expect_exit 0
grep -qF '"piped"' "$tmp/out.txt" || fail "value missing from the pipe: $(cat "$tmp/out.txt")"
grep -qF "$esc" "$tmp/out.txt" && fail "colour in a pipe: $(cat -v "$tmp/out.txt")"
exit 0
