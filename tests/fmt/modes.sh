# writ fmt: `-` formats stdin to stdout; FILE is rewritten in place;
# --check changes nothing, lists what would change and exits 1; a file
# that does not parse is refused with the error running it gives, and left
# untouched; examples/ and bench/ are formatted (CI's check).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$(printf 'let x=1;let y = -x+2\nif x>0 {print("a \\(x+1)")}\n' | "$WRIT" fmt -)
want=$'let x = 1\nlet y = -x + 2\nif x > 0 { print("a \\(x+1)") }'
[ "$out" = "$want" ] || { echo "stdin: got"; echo "$out"; exit 1; }
printf 'print( 1+2 )\n' > "$tmp/a.writ"; printf 'print(3)\n' > "$tmp/b.writ"
out=$("$WRIT" fmt --check "$tmp/a.writ" "$tmp/b.writ"); st=$?
[ $st = 1 ] && [ "$out" = "$tmp/a.writ" ] || { echo "--check: status $st, output '$out'"; exit 1; }
[ "$(cat "$tmp/a.writ")" = 'print( 1+2 )' ] || { echo "--check changed the file"; exit 1; }
"$WRIT" fmt "$tmp/a.writ" "$tmp/b.writ" || { echo "fmt: status $?"; exit 1; }
[ "$(cat "$tmp/a.writ")" = 'print(1 + 2)' ] || { echo "fmt: $(cat "$tmp/a.writ")"; exit 1; }
"$WRIT" fmt --check "$tmp" > /dev/null || { echo "--check after fmt (a folder)"; exit 1; }
printf 'print("ran")\nlet = 3\n' > "$tmp/bad.writ"
cp "$tmp/bad.writ" "$tmp/bad.orig"
run=$(cd "$tmp" && "$WRIT" bad.writ 2>&1)
err=$(cd "$tmp" && "$WRIT" fmt bad.writ 2>&1); st=$?
[ $st = 1 ] || { echo "bad: status $st"; exit 1; }
[ "$err" = "$run" ] || { echo "bad: fmt said '$err', running said '$run'"; exit 1; }
case "$err" in *"bad.writ:2:5: error: unexpected '='"*) ;; *) echo "bad: $err"; exit 1 ;; esac
cmp -s "$tmp/bad.writ" "$tmp/bad.orig" || { echo "bad: the file was changed"; exit 1; }
printf 'let = 3\n' | "$WRIT" fmt - > "$tmp/o" 2>&1 && { echo "bad stdin: status 0"; exit 1; }
grep -q "<stdin>:1:5: error" "$tmp/o" || { echo "bad stdin: $(cat "$tmp/o")"; exit 1; }
"$WRIT" fmt > /dev/null 2>&1; [ $? = 2 ] || { echo "no file: not status 2"; exit 1; }
cd "$root" && "$WRIT" fmt --check examples bench || { echo "examples/ or bench/ is not formatted (run: build/writ fmt examples bench)"; exit 1; }
