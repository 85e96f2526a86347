# 200 000 nested list brackets: a clear error, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'let x = '; gen 200000 '['; gen 200000 ']'; printf '\n'; } > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "error: too many nested brackets (limit 256)"
