# Reads from the host are bounded by the reader's memory budget before
# they read: a child with a 1 MB budget given a Dir holding a 900 MB file
# (sparse: it takes no disk), or the standard input of an endless stream,
# stops with the memory-limit error after about a megabyte, instead of
# reading it all first. Under a 300 MB address-space cap (not under ASan)
# a reader that read it all would fail otherwise. The parent goes on.
. "$(dirname "$0")/_lib.sh"
cap=300000
if grep -q __asan_init "$WRIT" 2>/dev/null; then cap=unlimited; fi
mkdir "$tmp/d"
truncate -s 900M "$tmp/d/huge.txt"
printf 'one line\n' >"$tmp/d/small.txt"
cat >"$tmp/main.writ" <<'W'
let d = sys.dir(sys.args[0])
let ws = Workspace({d: d, input: sys.in})
fn try_(src) {
  try { print(ws.eval(src, {memory: 1000000})) } catch e { print(e.message()) }
}
try_("d.read(\"huge.txt\").len()")
try_("d.read(\"small.txt\")")
try_("input.read().len()")
try_("input.readLine().len()")
print("parent goes on")
W
expected='memory limit exceeded (limit 1000000 bytes)
one line

memory limit exceeded (limit 1000000 bytes)
memory limit exceeded (limit 1000000 bytes)
parent goes on'
( ulimit -v "$cap"; head -c 200000000 /dev/zero | "$WRIT" --allow-read="$tmp/d" "$tmp/main.writ" "$tmp/d" ) \
  >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" != 0 ] || [ "$(cat "$tmp/out")" != "$expected" ]; then
  echo "status $st"; echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; head -c 500 "$tmp/err"
  exit 1
fi
