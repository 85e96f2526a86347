# Ctrl-R is readline's reverse search: typing a fragment finds the latest
# input holding it, and Enter runs it again.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line '"hay" + "needle"'
expect '"hayneedle"'
line '2 + 2'
expect '4'
key C-r
type_text 'needl'
expect "(reverse-i-search)\`needl': \"hay\" + \"needle\""
key Enter
expect_count '"hayneedle"' 2
key C-d
expect_exit 0
