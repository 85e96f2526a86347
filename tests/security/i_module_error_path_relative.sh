# A runtime error in an imported module, with the script run by absolute path from another working directory, is read for the host's absolute paths; safe: the module is named relative to the cwd in the error, trace and printed forms.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/proj/lib" "$tmp/elsewhere"
cat > "$tmp/proj/lib/bad.writ" <<'W'
export fn boom() { throw Error("inner") }
export fn describe() { return str(boom) }
W
cat > "$tmp/proj/main.writ" <<'W'
import "./lib/bad" as b
print(b, b.describe())
try { b.boom() } catch e { print(e.trace()) }
b.boom()
W
(cd "$tmp/elsewhere" && "$WRIT" "$tmp/proj/main.writ" >"$tmp/out" 2>"$tmp/err")
st=$?
[ "$st" = 1 ] || { echo "exit status $st, expected 1"; cat "$tmp/err"; exit 1; }
first=$(head -n 1 "$tmp/err")
case "$first" in
  "../proj/lib/bad.writ:1:20: error: inner") ;;
  *) echo "first stderr line: $first (expected the module named ../proj/lib/bad.writ)"; exit 1 ;;
esac
# Every line about the module (all but the main script's own frame, which is
# named as the user typed it) is free of the absolute temp path.
if grep -v '<main>' "$tmp/err" "$tmp/out" | grep -F "$tmp/proj"; then
  echo "an absolute host path leaked"; exit 1
fi
grep -q '^<module ../proj/lib/bad.writ> <fn boom>$' "$tmp/out" || { echo "stdout: $(cat "$tmp/out")"; exit 1; }
grep -q '^  at boom (../proj/lib/bad.writ:1:20)$' "$tmp/out" || { echo "trace: $(cat "$tmp/out")"; exit 1; }
exit 0
