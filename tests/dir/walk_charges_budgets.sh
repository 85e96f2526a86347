# walk() pays for each entry before keeping it: a child workspace with a
# small fuel or memory budget stops inside the walk, and the error comes
# out of ws.eval as an ordinary error for the parent to catch.
. "$(dirname "$0")/_lib.sh"
mkdir root/many
long=$(printf 'x%.0s' $(seq 1 200))
(cd root/many && seq 1 3000 | sed "s/^/$long-/" | xargs touch)
run --allow-read=root 'let ws = Workspace({d: sys.dir("root")})
print(ws.eval("d.walk().len()"))
try { ws.eval("d.walk()", {fuel: 5000}) } catch e { print(e.message()) }
try { ws.eval("d.walk()", {memory: 500000}) } catch e { print(e.message()) }'
expect_out "3003
out of fuel (limit 5000)
memory limit exceeded (limit 500000 bytes)"
