# :doc NAME shows a built-in's, a module member's or a method's line from
# docs/stdlib.md (compiled into writ from it: one text, two places).
. "$(dirname "$0")/_lib.sh"
# The text the library page gives str(x), to compare with.
want=$(grep -m1 '^- `str(x)` — ' "$root/docs/stdlib.md" | sed 's/^- `str(x)` — \(.*\) — `str(.*$/\1/; s/`//g')
[ -n "$want" ] || fail "no str(x) in docs/stdlib.md"
repl_start --
expect_prompts 1
line ':doc str'
expect "str(x) — $want"
line ':doc math.floor'
expect 'math.floor(x) — rounded down'
line 'let xs = [1]'
line ':doc xs.push'
expect 'list.push(x) — adds x at the end'
line ':doc "abc".split'
expect 'string.split(sep) — the pieces between each sep'
line ':doc sys.dir'
expect 'sys.dir(path) — a Dir (below)'
line ':doc Dir.walk'
expect 'Dir.walk(path?) — the paths of everything below'
line ':doc len'
expect 'list.len() — the number of items'
expect 'map.len() — the number of entries'
line ':doc json'
expect 'json: parse stringify'
line ':doc nothing.here'
expect 'no description of nothing.here'
key C-d
expect_exit 0
