# Not run by `make test` (its name starts with '_'): runs budget-exhaustion
# scripts under valgrind and fails on any memory error or definite leak.
# Usage: WRIT=/abs/path/to/writ bash tests/security/_valgrind_budgets.sh
# (WRIT defaults to build/writ). Fails, rather than skipping, when valgrind
# is missing.
set -u
WRIT=${WRIT:-build/writ}
if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind is not installed: this check cannot run"
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/fuel.writ" <<'W'
let ws = Workspace({})
try { ws.eval("var l = []; while true { l.push([1]) }", {fuel: 20000}) } catch e { print(e.message()) }
try { ws.eval("try { while true {} } catch e { 1 }", {fuel: 5000}) } catch e { print(e.message()) }
try { ws.eval("fn f(n) { return f(n + 1) }; f(0)", {fuel: 20000}) } catch e { print(e.message()) }
try { ws.eval("[3, 1, 2].sort(fn(a, b) { while true {} })", {fuel: 5000}) } catch e { print(e.message()) }
try { ws.eval("\"x\".repeat(100000000)", {fuel: 1000}) } catch e { print(e.message()) }
print(ws.eval("1 + 1"))
W
cat > "$tmp/memory.writ" <<'W'
let ws = Workspace({})
try { ws.eval("var s = \"x\"; while true { s = s + s }", {memory: 1000000}) } catch e { print(e.message()) }
try { ws.eval("let m = {}; var i = 0; while true { m[i] = [i]; i += 1 }", {memory: 1000000}) } catch e { print(e.message()) }
try { ws.eval("\"x\".repeat(900000000)", {memory: 1000000}) } catch e { print(e.message()) }
import json
try { ws.eval("import json; var l = []; while true { l.push(json.parse(\"[1, {\\\"a\\\": 2}]\")) }", {memory: 500000}) } catch e { print(e.message()) }
try { ws.eval("let m2 = {}; var i = 0; while true { m2[\"key\" + str(i)] = {v: i}; i += 1 }", {memory: 4000000}) } catch e { print(e.message()) }
var items = []
for i in 0..50000 { items.push({id: i, tags: ["a", "b"]}) }
let text = json.stringify(items)
let w3 = Workspace({text: text})
try { w3.eval("import json; json.parse(text)", {memory: 500000}) } catch e { print(e.message()) }
print(ws.eval("[1, 2].len()"))
W
cat > "$tmp/nested.writ" <<'W'
let ws = Workspace({})
try { ws.eval("let g = Workspace({}); try { g.eval(\"while true {}\", {fuel: 1000000000}) } catch e { 1 }", {fuel: 5000}) } catch e { print(e.message()) }
try { ws.eval("let g = Workspace({}); try { g.eval(\"let l = []; while true { l.push([1]) }\", {memory: 100000000}) } catch e { 1 }", {memory: 500000}) } catch e { print(e.message()) }
print(ws.eval("let g2 = Workspace({}); var r = nil; try { g2.eval(\"while true {}\", {fuel: 1000}) } catch e { r = e.message() }; r"))
var w2 = nil
let again = fn(s) => w2.eval(s, {fuel: 1000})
w2 = Workspace({again: again})
print(w2.eval("var r = nil; try { again(\"while true {}\") } catch e { r = e.message() }; r"))
W
cat > "$tmp/caps.writ" <<'W'
import cap
class Svc { new() { @cb = nil } on(f) { @cb = f } fire() { return @cb([1]) } data() { return {a: [1]} } }
let [p, revoke] = cap.membrane(Svc())
p.on(fn(x) => x)
let d = p.data()
print(type(p.fire()), type(d["a"]))
let ws = Workspace({p: p})
try { ws.eval("while true { p.data() }", {fuel: 20000}) } catch e { print(e.message()) }
try { ws.eval("let l = []; while true { l.push(p.data()) }", {memory: 500000}) } catch e { print(e.message()) }
revoke()
try { d["a"] } catch e { print(e.message()) }
let [seal, unseal] = cap.sealerPair()
print(unseal(seal(cap.harden([1, {b: 2}])))[1]["b"])
W

cat > "$tmp/fuel.expected" <<'X'
out of fuel (limit 20000)
out of fuel (limit 5000)
out of fuel (limit 20000)
out of fuel (limit 5000)
out of fuel (limit 1000)
2
X
cat > "$tmp/memory.expected" <<'X'
memory limit exceeded (limit 1000000 bytes)
memory limit exceeded (limit 1000000 bytes)
memory limit exceeded (limit 1000000 bytes)
memory limit exceeded (limit 500000 bytes)
memory limit exceeded (limit 4000000 bytes)
memory limit exceeded (limit 500000 bytes)
2
X
cat > "$tmp/nested.expected" <<'X'
out of fuel (limit 5000)
memory limit exceeded (limit 500000 bytes)
out of fuel (limit 1000)
out of fuel (limit 1000)
X
cat > "$tmp/caps.expected" <<'X'
proxy proxy
out of fuel (limit 20000)
memory limit exceeded (limit 500000 bytes)
this capability has been revoked
2
X

fail=0
for name in fuel memory nested caps; do
  valgrind --leak-check=full --error-exitcode=9 --errors-for-leak-kinds=definite \
    "$WRIT" "$tmp/$name.writ" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
  status=$?
  if [ "$status" != 0 ]; then
    echo "FAIL $name.writ: exit status $status under valgrind (9: a memory error or definite leak)"
    grep -E '==[0-9]+==' "$tmp/$name.err" | head -60
    fail=1
  elif ! cmp -s "$tmp/$name.out" "$tmp/$name.expected"; then
    echo "FAIL $name.writ: unexpected output"
    diff "$tmp/$name.expected" "$tmp/$name.out" | head -20
    fail=1
  else
    echo "ok   $name.writ"
  fi
done
exit $fail
