# History persists in ~/.writ_history, bounded to the last 1000 inputs,
# readable only by its owner; Up recalls the previous session's input.
. "$(dirname "$0")/_lib.sh"
for i in $(seq 1 1500); do echo "$i + 0"; done > "$HOME/.writ_history"
echo '"from last time"' >> "$HOME/.writ_history"
repl_start --
expect_prompts 1
key Up
expect '> "from last time"'
key Enter
expect_count '"from last time"' 2
line '100 + 23'
expect '123'
key C-d
expect_exit 0
# Each entry follows a "#time" line (how readline keeps an entry of
# several lines one entry); the plain lines of the old file count too.
lines=$(grep -vc '^#[0-9]' "$HOME/.writ_history")
[ "$lines" -le 1000 ] || fail "history has $lines entries"
[ "$(tail -1 "$HOME/.writ_history")" = "100 + 23" ] || fail "last entry: $(tail -1 "$HOME/.writ_history")"
mode=$(stat -c %a "$HOME/.writ_history")
[ "$mode" = 600 ] || fail "history mode $mode"
# A new history file is made private too.
rm "$HOME/.writ_history"

repl_start --
expect_prompts 1
line '1 + 1'
expect '2'
key C-d
expect_exit 0
[ "$(stat -c %a "$HOME/.writ_history")" = 600 ] || fail "new history mode $(stat -c %a "$HOME/.writ_history")"
grep -qx '1 + 1' "$HOME/.writ_history" || fail "input not in history"
