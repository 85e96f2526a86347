# --check reports every syntax error it can recover from, each once, in
# order, then a count; a definition lost to an earlier error is not
# reported as an undefined name; a clean file still passes silently.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bad.writ" <<'SRC'
fn helper(x) {
  return x * 2
}

fn broken(a, {
  return a
}

let ok = [1, 2, 3]
if ok.len() > 1 {
  print(ok +* 2)
}
print(broken(1), helper(2))
let s = "unterminated
print("after")
SRC
out=$("$WRIT" --check "$tmp/bad.writ" 2>&1)
status=$?
[ "$status" = 1 ] || { echo "exit status $status, expected 1"; exit 1; }
got=$(printf '%s\n' "$out" | grep -oE '^[^ ]+:[0-9]+:[0-9]+: error: .*' | sed "s|$tmp/||")
want="bad.writ:5:14: error: unexpected '{'
bad.writ:11:13: error: unexpected '*'
bad.writ:14:9: error: unterminated string"
[ "$got" = "$want" ] || { echo "got:"; echo "$got"; echo "want:"; echo "$want"; echo "full:"; echo "$out"; exit 1; }
printf '%s\n' "$out" | grep -qx "writ: 3 errors in $tmp/bad.writ" || { echo "no count line: $out"; exit 1; }
# Clean: nothing printed, status 0, and nothing ran.
printf 'print("ran")\nfn f(a = 1, ...r) { return "\\(a)" }\n' > "$tmp/good.writ"
out=$("$WRIT" --check "$tmp/good.writ" 2>&1)
[ $? = 0 ] && [ -z "$out" ] || { echo "clean file: $out"; exit 1; }
# More than the limit: stops with a note.
for i in $(seq 1 30); do echo "let x$i = )"; done > "$tmp/many.writ"
out=$("$WRIT" --check "$tmp/many.writ" 2>&1)
n=$(printf '%s\n' "$out" | grep -c ': error: ')
[ "$n" = 20 ] || { echo "many: $n errors shown, expected 20"; exit 1; }
printf '%s\n' "$out" | tail -1 | grep -qx 'writ: stopping after 20 errors' || { echo "many: no stop note"; exit 1; }
