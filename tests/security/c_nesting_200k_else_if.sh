# An else-if chain 200 000 long (no brackets stay open, but a recursive parser/compiler nests per branch); safe: a clear nesting error, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'print("ran")\nvar x = 0\nif x == 1 { x = 1 }'; gen 200000 ' else if x == 2 { x = 2 }'; printf '\n'; } > "$tmp/t.writ"
expect_refused "$tmp/t.writ" "nests too deeply"
