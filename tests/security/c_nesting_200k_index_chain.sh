# 200 000 chained calls and index operations (x.f()[0].f()[0]...), a long postfix chain; safe: a clear nesting error, no crash.
. "$(dirname "$0")/_lib.sh"
{ printf 'print("ran")\nlet x = [1]\nlet y = x'; gen 200000 '.slice(0)'; printf '\n'; } > "$tmp/t.writ"
expect_refused "$tmp/t.writ" "error: expression or statement nests too deeply (limit 1000)"
