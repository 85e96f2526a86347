# An error is shown with its line, a caret and a trace, and the session goes
# on with every binding intact. An error inside a function typed earlier
# shows that function's own line.
. "$(dirname "$0")/_lib.sh"
repl_start -- 
expect_prompts 1
line 'var total = 10'
line 'fn bad(x) {'
line '  return x + nil'
line '}'
line 'bad(1)'
expect "error: cannot use '+' on number and nil"
expect '    return x + nil'
expect 'at bad (<repl>:3:'
line 'undefinedName'
expect "undefined variable 'undefinedName'"
line 'throw "boom"'
expect 'uncaught value "boom" (a string, not an Error)'
line 'total += 5'
line 'total'
expect '15'
line 'bad'
expect '<fn bad>'
key C-d
expect_exit 0
