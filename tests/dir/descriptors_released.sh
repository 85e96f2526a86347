# Dirs close their descriptors when collected, and failing calls leak none:
# thousands of Dirs and errors run under a limit of 64 open files.
. "$(dirname "$0")/_lib.sh"
mkfifo root/pipe
printf '\xff' > root/bad.txt
for mode in "${MODES[@]}"; do
  ( ulimit -n 64
    run $mode --allow-write=root 'let d = sys.dir("root")
var kept = []
for i in 0..3000 {
  let s = d.sub("sub").readonly().sub(".")
  if i % 1000 == 0 { kept.push(s) }
  let r = sys.dir("root/sub")
  for p in ["missing", "sub", "bad.txt", "pipe", "../x", "a.txt/"] {
    try { d.read(p) } catch e { }
  }
  try { d.write("pipe", "x") } catch e { }
  try { d.list("missing") } catch e { }
  try { d.mkdir("sub") } catch e { }
  try { d.remove("missing") } catch e { }
}
print(kept.len(), d.read("a.txt"))'
    expect_out "3 hello" ) || exit 1
done
