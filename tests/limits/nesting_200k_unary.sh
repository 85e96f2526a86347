# 200 000 unary minus signs and 200 000 `not`s: clear errors, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'print('; gen 200000 '-'; printf '1)\n'; } > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "error: expression nests too deeply"
{ printf 'print('; gen 200000 'not '; printf 'true)\n'; } > "$tmp/n.writ"
expect_error "$tmp/n.writ" 1 "error: expression nests too deeply"
