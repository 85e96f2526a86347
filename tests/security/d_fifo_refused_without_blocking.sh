# A FIFO is not a regular file: read, write and append refuse it at once,
# never waiting for the other end.
. "$(dirname "$0")/../dir/_lib.sh"
mkfifo root/pipe
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
try { d.read("pipe") } catch e { print(e.message()) }
try { d.write("pipe", "x") } catch e { print(e.message()) }
try { d.append("pipe", "x") } catch e { print(e.message()) }
print(d.exists("pipe"), d.list())'
  [ "$status" != 124 ] || fail "writ blocked on the FIFO"
  expect_out "Dir.read: cannot read 'pipe': not a regular file
Dir.write: cannot write 'pipe': not a regular file
Dir.append: cannot append to 'pipe': not a regular file
true [\"a.txt\", \"pipe\", \"sub\"]"
  # With a reader waiting, the write end opens: still refused, nothing sent.
  timeout 10 cat root/pipe > got.txt &
  reader=$!
  sleep 0.2
  run $mode --allow-write=root 'try { sys.dir("root").write("pipe", "x") } catch e { print(e.message()) }'
  expect_out "Dir.write: cannot write 'pipe': not a regular file"
  wait $reader
  [ ! -s got.txt ] || fail "the FIFO received data"
done
