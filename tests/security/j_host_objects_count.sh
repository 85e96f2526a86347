# Host objects count against the memory budget of the code that makes
# them, and a budget that runs out while the host makes one (inside
# Dir.sub) stops the child: it cannot catch it and go on, and the parent
# sees the memory-limit error. (It used to surface as a catchable "out of
# memory" inside the child, which then ran on with the budget lifted.)
. "$(dirname "$0")/_lib.sh"
mkdir "$tmp/d"
cat >"$tmp/main.writ" <<'W'
let ws = Workspace({d: sys.dir(sys.args[0])})
let src = "var l = []; var caught = 0; while true { try { l.push(d.sub(\".\")) } catch e { caught += 1; if caught > 3 { return caught } } }"
try { print(ws.eval(src, {memory: 200000})) } catch e { print(e.message()) }
print(ws.eval("1 + 1"))
W
out=$("$WRIT" --allow-read="$tmp/d" "$tmp/main.writ" "$tmp/d" 2>&1)
expected='memory limit exceeded (limit 200000 bytes)
2'
[ "$out" = "$expected" ] || { echo "got: $out"; exit 1; }
