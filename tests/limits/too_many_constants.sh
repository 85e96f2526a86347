# More than 65535 distinct constants in one function is a clear compile
# error; 60000 are fine.
. "$(dirname "$0")/_lib.sh"
{ printf 'let l = ['; awk 'BEGIN { for (i = 0; i < 70000; i++) printf "%d.5, ", i }'; printf ']\n'; } > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "error: too many constants in one function (limit 65535)"
{ printf 'let l = ['; awk 'BEGIN { for (i = 0; i < 60000; i++) printf "%d.5, ", i }'; printf ']\nprint(l.len(), l[59999])\n'; } > "$tmp/ok.writ"
out=$("$WRIT" "$tmp/ok.writ" 2>&1)
[ "$out" = "60000 59999.5" ] || { echo "60000 constants: $out"; exit 1; }
