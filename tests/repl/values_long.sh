# Long values are cut short (100 items a container, 1000 in all, four
# levels deep, 1000 characters of a string) and :full EXPR shows all of
# one; a container that does not fit the screen's width (here 100
# columns) breaks across lines, indented by two: plain values as many as
# fit a line, anything else one a line.
. "$(dirname "$0")/_lib.sh"
repl_start --
expect_prompts 1
line '(0..100000).toList()'
expect '  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,'
expect '  99, … 99 900 more'
refute '100,'
line '[1, 2, 3]'
expect '[1, 2, 3]'
line 'let m = {}'
line 'for i in 0..3 { m["key\(i)"] = ["a fairly long piece of text", i, [i, i]] }'
line 'm'
expect '  "key0": ["a fairly long piece of text", 0, [0, 0]],'
expect '  "key2": ["a fairly long piece of text", 2, [2, 2]]'
screen | grep -A1 -x '> m' | tail -1 | grep -qx '{' || fail "the map did not open on its own line"
line '[[[[[[1]]]]], 2]'
expect '[[[[[… 1]]]], 2]'
line 'let a = [1]; a.push(a); a'
expect '[1, [...]]'
line '"x".repeat(1500)'
expect 'xxx…" (501 more characters)'
line ':full (0..150).toList()'
expect '  138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149'
line ':full "y".repeat(1500).len()'
expect '1500'
line 'Set((0..200).toList())'
expect '  99, … 100 more'
expect '])'
key C-d
expect_exit 0
