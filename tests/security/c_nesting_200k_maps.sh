# 200 000 nested map literals ({"a": {"a": ...}}); safe: the clear bracket-nesting error, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'let x = '; gen 200000 '{"a": '; printf '1'; gen 200000 '}'; printf '\n'; } > "$tmp/t.writ"
expect_refused "$tmp/t.writ" "error: too many nested brackets (limit 256)"
