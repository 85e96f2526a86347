# A source exactly one byte over the 64 MiB limit (an off-by-one probe); safe: refused with the size error, nothing runs.
. "$(dirname "$0")/_lib.sh"
{ printf 'print("ran")\n'; head -c $((67108865 - 13)) /dev/zero | tr '\0' ' '; } > "$tmp/edge.writ"
[ "$(stat -c %s "$tmp/edge.writ")" = 67108865 ] || { echo "generator wrote the wrong size"; exit 1; }
expect_refused "$tmp/edge.writ" "error: source too large (limit 67108864 bytes)"
