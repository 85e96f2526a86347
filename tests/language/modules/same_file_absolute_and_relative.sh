# One file is one module, however its path is spelled (relative, absolute,
# with ./ and ..), and its name shows no absolute host path.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib"
printf 'export var loads = []\nloads.push(1)\n' > "$tmp/lib/shared.writ"
cat > "$tmp/main.writ" <<EOF2
import "./lib/shared" as a
import "$tmp/lib/shared" as b
import "./lib/../lib/./shared.writ" as c
print(a == b, b == c, a.loads.len(), str(a).contains("$tmp"))
EOF2
out=$(cd "$tmp" && "$WRIT" main.writ 2>&1)
[ "$out" = "true true 1 false" ] || { echo "got: $out"; exit 1; }
