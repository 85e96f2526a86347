# An imported module (not the main script) is 80 MB, hoping the size check only guards the main script; safe: the import fails with the same clear size error as a main script (SPEC §12), catchable, no crash.
. "$(dirname "$0")/_lib.sh"
yes 'export let x = 1' | head -c 83886080 > "$tmp/huge.writ"
cat > "$tmp/main.writ" <<'W'
try {
  import "./huge" as h
  print("imported")
} catch e {
  print(e.message())
}
print("continued")
W
out=$(cd "$tmp" && "$WRIT" main.writ 2>&1)
st=$?
[ "$st" = 0 ] || { echo "status $st, output: $(echo "$out" | head -c 300)"; exit 1; }
case "$out" in
  *"source too large (limit 67108864 bytes)"*continued) ;;
  *) echo "expected the size error then 'continued', got: $(echo "$out" | head -c 300)"; exit 1 ;;
esac
