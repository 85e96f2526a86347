# Tab completes names in scope, keywords, and members after a dot: a
# module's exports, a namespace's members, a value's methods.
. "$(dirname "$0")/_lib.sh"
repl_start -- --allow-read=.
expect_prompts 1
line 'let greetingText = "hi"'
expect_prompts 2
type_text 'greetingT'; key Tab; type_text '.upp'; key Tab; type_text '()'; key Enter
expect 'greetingText.upper()'
expect '"HI"'
type_text 'whi'; key Tab; type_text ' false { }'; key Enter
expect '> while false { }'
type_text 'sys.d'; key Tab; key Enter
expect '> sys.dir'
expect '<fn dir>'
line 'import math'
type_text 'math.sq'; key Tab; type_text '(81)'; key Enter
expect '> math.sqrt(81)'
expect '9'
type_text '"abc".upp'; key Tab; type_text '()'; key Enter
expect '"ABC"'
type_text '[3, 1, 2].sor'; key Tab; type_text '()'; key Enter
expect '> [3, 1, 2].sort()'
# Two tabs list every choice.
type_text 'sys.'; key Tab Tab
expect 'sys.random'
expect 'sys.args'
key C-c
type_text 'pri'; key Tab; type_text '("done")'; key Enter
expect_count 'done' 2
key C-d
expect_exit 0
