# Source limits hold on every path in: a script that never ends (a device
# given as the script, standard input from /dev/zero, a pipe from `yes`) is
# read one byte past the 64 MiB limit and refused with the size error, not
# read without bound. Under a 400 MB address-space cap (not under ASan,
# which cannot run capped) a reader that kept going would run out first.
. "$(dirname "$0")/_lib.sh"
cap=400000
if grep -q __asan_init "$WRIT" 2>/dev/null; then cap=unlimited; fi
run_capped() { ( ulimit -v "$cap"; "$@" ) >"$tmp/out" 2>"$tmp/err"; }
check() { # what status
  local what=$1 st=$2
  [ "$st" = 1 ] || { echo "$what: status $st, stderr: $(head -c 300 "$tmp/err")"; exit 1; }
  [ -s "$tmp/out" ] && { echo "$what: something ran"; exit 1; }
  grep -q "error: source too large (limit 67108864 bytes)" "$tmp/err" ||
    { echo "$what: $(head -c 300 "$tmp/err")"; exit 1; }
}
run_capped "$WRIT" /dev/zero; check "writ /dev/zero" $?
run_capped "$WRIT" - </dev/zero; check "writ - < /dev/zero" $?
( ulimit -v "$cap"; yes 'print("x")' | "$WRIT" - ) >"$tmp/out" 2>"$tmp/err"; check "yes | writ -" $?
mkfifo "$tmp/fifo"
( yes 'let x = 1' >"$tmp/fifo" & ) 2>/dev/null
run_capped "$WRIT" "$tmp/fifo"; check "a FIFO as the script" $?
# An import that never ends (a FIFO in the program's folder; a link to a
# device outside it is refused as outside) is refused the same way, and the
# importer can catch it.
mkfifo "$tmp/endless.writ"
( yes 'let y = 2' >"$tmp/endless.writ" & ) 2>/dev/null
printf 'try { import "./endless" as e } catch e { print(e.message()) }\n' >"$tmp/main.writ"
out=$(cd "$tmp" && ulimit -v "$cap" && "$WRIT" main.writ 2>&1)
case "$out" in *'source too large (limit 67108864 bytes)'*) ;; *) echo "import: $out"; exit 1 ;; esac
exit 0
