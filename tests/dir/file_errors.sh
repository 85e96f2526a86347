# File errors name the path the script gave sys.file. The file is changed
# while the script runs (it waits on standard input): removed (append
# creates it again), replaced by a directory, replaced by a FIFO (refused
# without blocking). Also text that is not UTF-8 and bad arguments.
. "$(dirname "$0")/_lib.sh"
cat > t.writ <<'W'
let f = sys.file("./f.txt")
sys.err.write("ready\n")
sys.in.readLine()
for c in [fn() => f.read(), fn() => f.readLines(), fn() => f.size(), fn() => f.append("x")] {
  try { print(c()) } catch e { print(e.message()) }
}
W
# changed SETUP: runs t.writ, does SETUP once the script holds its File,
# then lets it go on; its output into $out.
changed() {
  rm -rf f.txt ctl; printf old > f.txt; mkfifo ctl
  timeout 20 "$WRIT" --allow-write=f.txt t.writ < ctl > out.txt 2> err.txt &
  local pid=$!
  exec 3> ctl
  for _ in $(seq 1 200); do grep -q ready err.txt && break; sleep 0.05; done
  grep -q ready err.txt || fail "writ did not start: $(cat err.txt)"
  eval "$1"
  echo go >&3
  exec 3>&-
  wait "$pid"
  out=$(cat out.txt)
}
changed 'rm f.txt'
[ "$out" = "File.read: cannot read './f.txt': no such file or directory
File.readLines: cannot read './f.txt': no such file or directory
File.size: cannot read './f.txt': no such file or directory
nil" ] || fail "removed"
[ "$(cat f.txt)" = x ] || fail "append did not create f.txt again"
changed 'rm f.txt; mkdir f.txt'
[ "$out" = "File.read: cannot read './f.txt': is a directory
File.readLines: cannot read './f.txt': is a directory
File.size: cannot read './f.txt': is a directory
File.append: cannot append to './f.txt': is a directory" ] || fail "a directory"
changed 'rm -r f.txt; mkfifo f.txt'
[ "$out" = "File.read: cannot read './f.txt': not a regular file
File.readLines: cannot read './f.txt': not a regular file
File.size: cannot read './f.txt': not a regular file
File.append: cannot append to './f.txt': not a regular file" ] || fail "a FIFO"
rm -f f.txt; printf 'ok\n\377\n' > f.txt
run --allow-write=f.txt 'let f = sys.file("f.txt")
for c in [fn() => f.read(), fn() => f.readLines(), fn() => f.write(3), fn() => f.read(1), fn() => f.append()] {
  try { print(c()) } catch e { print(e.message()) }
}'
expect_out "File.read: 'f.txt' is not valid UTF-8 text
File.readLines: 'f.txt' is not valid UTF-8 text
bad argument #1 to 'write' (string expected, got number)
read() takes 0 arguments, got 1
append() takes 1 argument, got 0"
