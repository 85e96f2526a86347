# writ -i script.writ runs the script, then opens the REPL with its names
# (its functions still share its variables). sys.exit ends it without one.
. "$(dirname "$0")/_lib.sh"
cat > "$tmp/counter.writ" <<'W'
var count = 40
fn bump() { count += 1; return count }
print("script ran")
W
repl_start -- -i counter.writ
expect 'script ran'
expect_prompts 1
line 'bump()'
expect '41'
line 'count + 1'
expect '42'
line 'count + nil'
expect 'error:'
# Lines of the inputs are the REPL's own, not past the script's end.
expect '<repl>:3:7: error:'
refute 'counter.writ:6'
line 'fn g() {'
line '  return count + nil'
line '}'
line 'g()'
expect '<repl>:5:16: error:'
expect 'at g (<repl>:5:16)'
line 'bump()'
expect '42'
key C-d
expect_exit 0

printf 'print("bye")\nsys.exit(3)\n' > "$tmp/quits.writ"
repl_start -- -i quits.writ
expect 'bye'
expect_exit 3
