# Malformed UTF-8 (a stray continuation byte, an overlong form, a cut
# sequence) is an error at its position.
. "$(dirname "$0")/_lib.sh"
printf 'print("ok")\nprint("\x80")\n' > "$tmp/a.writ"
expect_error "$tmp/a.writ" 1 "a.writ:2:8: error: source is not valid UTF-8"
printf 'let s = "\xc0\xaf"\n' > "$tmp/b.writ"
expect_error "$tmp/b.writ" 1 "b.writ:1:10: error: source is not valid UTF-8"
printf 'let s = "\xe2\x82' > "$tmp/c.writ"
expect_error "$tmp/c.writ" 1 "c.writ:1:10: error: source is not valid UTF-8"
