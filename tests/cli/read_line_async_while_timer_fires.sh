# sys.in.readLineAsync() waits for a line without blocking other turns:
# from a pipe that sends one line, pauses, then another, the first line
# comes, a timer fires during the pause, then the second line, then nil at
# the end of input; "\r\n" ends a line too, and a last line without a
# newline is still a line.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/t.writ" <<'W'
let next = fn(n) {
  when(sys.in.readLineAsync(), fn(line) {
    print("line", n, line)
    if line != nil { next(n + 1) }
  })
}
next(1)
when(sys.clock.after(0.3), fn(v) { print("tick") })
print("main done")
W
out=$( { printf 'one\r\n'; sleep 1; printf 'two\nlast'; } | "$WRIT" "$tmp/t.writ" 2>&1)
status=$?
expected='main done
line 1 one
tick
line 2 two
line 3 last
line 4 nil'
[ $status = 0 ] || { echo "exit status $status"; echo "$out"; exit 1; }
[ "$out" = "$expected" ] || { echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"; exit 1; }

# Bytes that are not UTF-8 reject the read's promise, with the reason.
out=$(printf 'ok\n\377\n' | "$WRIT" -e '
when(sys.in.readLineAsync(), fn(l) { print(l) })
when(sys.in.readLineAsync(), fn(l) { print(l) }, fn(e) { print("rejected:", e) })' 2>&1)
[ "$out" = "ok
rejected: input is not valid UTF-8" ] || { echo "not UTF-8: $out"; exit 1; }

# A line longer than 64 MiB rejects its read; the next read gets the line
# after it, then nil.
out=$( { head -c 70000000 /dev/zero | tr '\0' 'a'; printf '\nnext\n'; } | "$WRIT" -e '
let f = fn() {
  when(sys.in.readLineAsync(), fn(l) { print("line", l); if l != nil { f() } }, fn(e) { print("rejected:", e); f() })
}
f()' 2>&1)
[ "$out" = "rejected: line too long (limit 64 MiB)
line next
line nil" ] || { echo "long line: $(echo "$out" | head -c 300)"; exit 1; }

# No standard input at all: the read is rejected with the reason.
out=$("$WRIT" -e 'when(sys.in.readLineAsync(), fn(l) { print("line", l) }, fn(e) { print("rejected:", e) })' <&- 2>&1)
[ "$out" = "rejected: cannot read standard input" ] || { echo "closed stdin: $out"; exit 1; }
