# Input continues on a "..." line while a string's interpolation "\(" or a
# """ string is unfinished, and the finished value is printed.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line 'let n = 4'
line '"n is \(n +'
expect '... '
line '1)"'
expect '"n is 5"'
line 'let s = """'
expect_count '... ' 2
line '  first'
expect_count '... ' 3
line '  second \(n)'
line '  """'
line 's.split("\n")'
expect '["first", "second 4"]'
key C-d
expect_exit 0
