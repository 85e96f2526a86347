# With -I, the importer's own folder comes first, then the script's
# folder, then the -I folders in the order given; "./x" is only ever
# beside the importer.
set -u
tmp=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir -p prog/sub a b
echo 'export let from = "prog"' > prog/m.writ
echo 'export let from = "a"' > a/m.writ
echo 'export let from = "b"' > b/m.writ
echo 'export let from = "a"' > a/n.writ
echo 'export let from = "b"' > b/n.writ
echo 'export let from = "b"' > b/o.writ
echo 'import "m"
export let seen = m.from' > prog/sub/inner.writ
echo 'import "m"
import "n"
import "o"
import "sub/inner"
print(m.from, n.from, o.from, inner.seen)
try { import "./n" } catch e { print(e.message()) }' > prog/main.writ
out=$("$WRIT" -I a -I b prog/main.writ 2>&1)
[ "$out" = 'prog a b prog
cannot import "./n": no such file prog/n.writ' ] || { echo "order: $out"; exit 1; }
out=$("$WRIT" -I b -I a prog/main.writ 2>&1)
case "$out" in "prog b b prog"*) ;; *) echo "order of -I: $out"; exit 1 ;; esac
