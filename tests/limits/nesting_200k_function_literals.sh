# 200 000 nested function literals (no brackets around them): the parser's
# stack limit gives a clear error at a real position, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'let f = '; gen 200000 'fn() => '; printf '1\n'; } > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "t.writ:1:"
expect_error "$tmp/t.writ" 1 "error: expression nests too deeply (parser stack limit 4096)"
