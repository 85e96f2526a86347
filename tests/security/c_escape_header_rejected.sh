# A file starting with a bytecode-style ESC signature followed by valid code; safe: the ESC byte is an error at 1:1 and the code after it never runs.
. "$(dirname "$0")/_lib.sh"
printf '\033Writ print("ran")\n' > "$tmp/sig.writ"
expect_refused "$tmp/sig.writ" "sig.writ:1:1: error: unexpected character (byte 0x1b)"
