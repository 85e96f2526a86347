# An uncaught error whose message holds newlines cannot forge a diagnostic
# or a trace line on stderr: each of its own further lines is marked "  | ".
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/s.writ" <<'W'
throw Error("bad\nfake.writ:9:9: error: all is well\n  at nothing (fake.writ:1:1)")
W
"$WRIT" "$tmp/s.writ" 2>"$tmp/err"
st=$?
[ "$st" = 1 ] || { echo "status $st"; exit 1; }
# Only the real diagnostic starts a line with text: every other line is
# indented (source line, caret, trace) or marked.
n=$(grep -c '^[^ ]' "$tmp/err")
first=$(head -1 "$tmp/err")
case "$first" in *"/s.writ:1:1: error: bad") ;; *) echo "first line: $first"; exit 1 ;; esac
grep -q '^  | fake.writ:9:9: error: all is well$' "$tmp/err" || { echo "not marked:"; cat "$tmp/err"; exit 1; }
grep -q '^  |   at nothing (fake.writ:1:1)$' "$tmp/err" || { echo "trace line not marked:"; cat "$tmp/err"; exit 1; }
grep -q '^fake.writ' "$tmp/err" && { echo "a forged line starts a line:"; cat "$tmp/err"; exit 1; }
[ "$n" = 1 ] || { echo "expected one unindented line, got $n:"; cat "$tmp/err"; exit 1; }
exit 0
