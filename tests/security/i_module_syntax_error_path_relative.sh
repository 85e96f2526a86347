# A syntax error in an imported module (caught and printed by the main script) run by absolute path from another cwd; safe: the message names the module relative to the cwd, never by absolute path.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/proj/lib" "$tmp/elsewhere"
printf 'export let x = (\n' > "$tmp/proj/lib/broken.writ"
cat > "$tmp/proj/main.writ" <<'W'
try { import "./lib/broken" as b } catch e { print(e.message()) }
W
out=$(cd "$tmp/elsewhere" && "$WRIT" "$tmp/proj/main.writ" 2>&1)
st=$?
[ "$st" = 0 ] || { echo "exit status $st: $out"; exit 1; }
case "$out" in
  *"$tmp"*) echo "absolute path leaked: $out"; exit 1 ;;
  "../proj/lib/broken.writ:"*) ;;
  *) echo "unexpected message: $out"; exit 1 ;;
esac
