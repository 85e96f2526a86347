# 200 000 terms of 1 + 1 + ...: a clear compile error naming the limit.
. "$(dirname "$0")/_lib.sh"
{ printf 'print('; gen 200000 '1 + '; printf '1)\n'; } > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "error: expression or statement nests too deeply (limit 1000)"
