# A single-file grant gives that file and nothing else: not its parent, a
# sibling, a path through it, a file outside of the same name, or the
# parent's parent, whichever spelling; a File's methods take no path. The
# grant is sys.file's: sys.dir opens nothing.
. "$(dirname "$0")/../dir/_lib.sh"
printf sibling > root/b.txt
printf TOP-SECRET > outside/a.txt
run --allow-write=root/a.txt 'let tries = ["../a.txt", "root/../outside/a.txt", "outside/a.txt", "root/b.txt", "b.txt",
  "root", "root/", ".", "..", "root/a.txt/..", "root/a.txt/", "root/sub", "secret.txt", "outside/secret.txt",
  "'"$tmp"'/outside/secret.txt", "/etc/passwd", "root/a.txt/../b.txt"]
for p in tries {
  try { print("OPENED", p, sys.file(p).read()) } catch e { print("refused") }
}
for p in ["root", ".", "root/sub"] {
  try { print("OPENED", sys.dir(p)) } catch e { print("refused") }
}
let f = sys.file("a.txt")
for c in [fn() => f.read("../outside/secret.txt"), fn() => f.write("b.txt", "x"), fn() => f.sub] {
  try { print("OPENED", c()) } catch e { print("refused") }
}
print(f.read())'
[ "$status" = 0 ] || fail "exit status $status"
case "$out" in *OPENED*) fail "something else was opened" ;; esac
[ "$(printf '%s\n' "$out" | grep -c '^refused$')" = 23 ] || fail "expected 23 refusals"
[ "$(printf '%s\n' "$out" | tail -n 1)" = hello ] || fail "the granted file"
[ "$(cat root/b.txt)" = sibling ] && [ "$(cat outside/a.txt)" = TOP-SECRET ] || fail "something changed"
