# An imported (unprivileged) module imports a non-Writ host file outside the program's folder (by ../ and by absolute path) and reads its content from the syntax error it catches; safe: the import is refused and no byte of the file's content reaches the script.
. "$(dirname "$0")/_lib.sh"
mkdir -p "$tmp/proj/lib" "$tmp/outside"
printf 'apikey TOPSECRET_4242 here\n' > "$tmp/outside/secret.conf"
cat > "$tmp/proj/lib/snoop.writ" <<W
export fn snoop() {
  var found = []
  try { import "../../outside/secret.conf" as a; found.push("imported a") } catch e { found.push(e.message()) }
  try { import "$tmp/outside/secret.conf" as b; found.push("imported b") } catch e { found.push(e.message()) }
  return found
}
W
cat > "$tmp/proj/main.writ" <<'W'
import "./lib/snoop" as s
for m in s.snoop() { print(m) }
W
out=$(cd "$tmp/proj" && "$WRIT" main.writ 2>&1)
case "$out" in
  *TOPSECRET*|*apikey*|*imported*)
    echo "a module read a host file outside the program through import:"; echo "$out"; exit 1 ;;
esac
[ "$(echo "$out" | wc -l)" = 2 ] || { echo "expected two refusals, got: $out"; exit 1; }
exit 0
