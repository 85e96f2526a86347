# :help, :load FILE, :type EXPR, :time EXPR, an unknown command, :quit.
. "$(dirname "$0")/_lib.sh"
printf 'let loaded = 5\nfn triple(x) { return x * 3 }\n' > "$tmp/lib.writ"
repl_start --
expect_prompts 1
line ':help'
expect ':load FILE'
expect ':caps'
line ":load $tmp/lib.writ"
line 'triple(loaded)'
expect '15'
line ':type loaded'
expect 'number'
line 'class Pt { new() { } }'
line ':type Pt()'
expect_count 'Pt' 2
line ':type "s"'
expect 'string'
line ':type _'
expect 'number'
line ':time triple(2)'
expect '6'
expect 'time: '
line ':load /no/such/file.writ'
expect 'cannot open /no/such/file.writ'
line ':frobnicate'
expect 'unknown command :frobnicate'
line 'loaded'
expect_count '5' 1
line ':quit'
expect_exit 0
