# stat, isDir, isFile and walk cannot look outside the Dir: `..` past it,
# absolute paths and symlinks leading out are refused (errors, not
# answers), in both lookups; stat of a symlink out says "link" and tells
# nothing of where it points (size 0); "door/" is not followed either
# (not a directory).
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside root/door
ln -s "$tmp/outside" root/absdoor
ln -s ../outside/secret.txt root/leak
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let d = sys.dir("root")
let paths = ["..", "../outside", "../outside/secret.txt", "sub/../..", "door/secret.txt", "absdoor/secret.txt",
             "door/x/", "/etc", "'"$tmp"'/outside"]
for p in paths {
  for f in [fn() => d.stat(p), fn() => d.isDir(p), fn() => d.isFile(p), fn() => d.walk(p)] {
    try { print("ANSWER", p, f()) } catch e { print("refused") }
  }
}
for p in ["door", "absdoor", "leak"] { print(d.stat(p)["kind"], d.stat(p)["size"], d.isDir(p), d.isFile(p)) }
for p in ["door/", "leak/"] {
  try { d.stat(p) } catch e { print(e.message()) }
  print(d.isDir(p), d.isFile(p))
}
let s = d.sub("sub")
for f in [fn() => s.stat(".."), fn() => s.isDir("../../outside"), fn() => s.walk("..")] {
  try { print("ANSWER", f()) } catch e { print("refused") }
}' 2>&1
  case "$out" in *ANSWER*) fail "an escaping path got an answer" ;; esac
  [ "$(printf '%s\n' "$out" | grep -c '^refused$')" = 39 ] || fail "expected 39 refusals"
  printf '%s\n' "$out" | tail -n 3 | grep -qv refused && fail "sub escapes"
  [ "$(printf '%s\n' "$out" | grep -v refused)" = "link 0 false false
link 0 false false
link 0 false false
Dir.stat: cannot stat 'door/': not a directory
false false
Dir.stat: cannot stat 'leak/': not a directory
false false" ] || fail "links"
done
