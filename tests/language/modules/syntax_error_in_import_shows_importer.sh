# A syntax error in an imported module is reported at the module's line and
# also shows the import that reached it (through two imports here); it is a
# plain syntax error to the importer, not "incomplete" input.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib"
printf 'export fn area(r) {\n  return r * r\n' > "$tmp/lib/shapes.writ"
printf 'import "./shapes"\nexport let ok = 1\n' > "$tmp/lib/geometry.writ"
printf 'print("start")\nimport "./lib/geometry"\n' > "$tmp/main.writ"
out=$(cd "$tmp" && "$WRIT" main.writ 2>&1)
status=$?
want='start
lib/shapes.writ:1:19: error: '"'"'{'"'"' opened here is never closed
  export fn area(r) {
                    ^
  at <main> (lib/geometry.writ:1:1)
  at <main> (main.writ:2:1)'
[ "$status" = 1 ] || { echo "exit status $status, expected 1"; exit 1; }
[ "$out" = "$want" ] || { echo "got:"; echo "$out"; echo "want:"; echo "$want"; exit 1; }
# Caught by the importer, its message is the module's error.
printf 'try { import "./lib/geometry" } catch e { print(e.message()) }\n' > "$tmp/catch.writ"
out=$(cd "$tmp" && "$WRIT" catch.writ 2>&1)
[ "$out" = "lib/shapes.writ:1:19: '{' opened here is never closed" ] || { echo "caught: $out"; exit 1; }
