# File.read and readLines pay for what they read before reading it, like
# Dir.read: a child workspace given the File stops at its fuel or memory
# budget, with an ordinary error for the parent.
. "$(dirname "$0")/_lib.sh"
head -c 600000 /dev/zero | tr '\0' 'a' | fold -w 60 > big.txt
run --allow-read=big.txt 'let ws = Workspace({f: sys.file("big.txt")})
print(ws.eval("f.read().len()"), ws.eval("f.readLines().len()"))
for src in ["f.read()", "f.readLines()"] {
  try { ws.eval(src, {fuel: 10000}) } catch e { print(e.message()) }
  try { ws.eval(src, {memory: 300000}) } catch e { print(e.message()) }
}'
expect_out "609999 10000
out of fuel (limit 10000)
memory limit exceeded (limit 300000 bytes)
out of fuel (limit 10000)
memory limit exceeded (limit 300000 bytes)"
