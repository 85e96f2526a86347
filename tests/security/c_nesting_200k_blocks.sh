# 200 000 nested blocks (if true { if true { ...), which a recursive parser or compiler could overflow on; safe: a clear nesting error, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'print("ran")\n'; gen 200000 'if true { '; gen 200000 '} '; printf '\n'; } > "$tmp/t.writ"
expect_refused "$tmp/t.writ" "error: too many nested brackets (limit 256)"
