# A 100 MB source is refused with a clear error, not a crash or a hang.
. "$(dirname "$0")/_lib.sh"
head -c 100000000 /dev/zero | tr '\0' ' ' > "$tmp/big.writ"
expect_error "$tmp/big.writ" 1 "error: source too large (limit 67108864 bytes)"
