# A NUL byte in the source is an error at its line and column.
. "$(dirname "$0")/_lib.sh"
printf 'print(1)\nlet x = "a\0b"\n' > "$tmp/t.writ"
expect_error "$tmp/t.writ" 1 "t.writ:2:11: error: source contains a NUL byte"
