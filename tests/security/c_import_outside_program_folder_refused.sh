# A module imports Writ code from outside the program's folder (../, absolute path, a sibling folder sharing the name prefix, a symlinked file, a symlinked folder); safe: every one is refused with the documented error and none of that code runs, while imports below the folder work.
. "$(dirname "$0")/_lib.sh"
mkdir -p "$tmp/proj/lib" "$tmp/outside" "$tmp/proj2"
echo 'export let stolen = "OUTSIDE-CODE-RAN"' > "$tmp/outside/evil.writ"
echo 'export let stolen = "SIBLING-CODE-RAN"' > "$tmp/proj2/evil.writ"
ln -s ../../outside/evil.writ "$tmp/proj/lib/link.writ"
ln -s ../outside "$tmp/proj/outdir"
cat > "$tmp/proj/lib/inner.writ" <<W
export fn tryAll() {
  var out = []
  try { import "../../outside/evil" as a; out.push(a.stolen) } catch e { out.push(e.message()) }
  try { import "$tmp/outside/evil" as b; out.push(b.stolen) } catch e { out.push(e.message()) }
  try { import "../../proj2/evil" as c; out.push(c.stolen) } catch e { out.push(e.message()) }
  try { import "./link" as d; out.push(d.stolen) } catch e { out.push(e.message()) }
  try { import "../outdir/evil" as f; out.push(f.stolen) } catch e { out.push(e.message()) }
  try { import "./ok" as g; out.push(g.fine) } catch e { out.push(e.message()) }
  return out
}
W
echo 'export let fine = "inside import works"' > "$tmp/proj/lib/ok.writ"
printf 'import "./lib/inner" as i\nfor m in i.tryAll() { print(m) }\n' > "$tmp/proj/main.writ"
out=$(cd "$tmp" && "$WRIT" proj/main.writ 2>&1)
st=$?
[ "$st" = 0 ] || { echo "exit status $st: $out"; exit 1; }
case "$out" in *CODE-RAN*) echo "code outside the program's folder ran:"; echo "$out"; exit 1 ;; esac
refused=$(echo "$out" | grep -c "the file is outside the program's folder")
[ "$refused" = 5 ] || { echo "expected 5 refusals, got:"; echo "$out"; exit 1; }
[ "$(echo "$out" | tail -n 1)" = "inside import works" ] || { echo "the legitimate import failed:"; echo "$out"; exit 1; }
exit 0
