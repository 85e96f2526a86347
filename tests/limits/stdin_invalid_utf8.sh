# Bytes on standard input that are not UTF-8 give a catchable error.
. "$(dirname "$0")/_lib.sh"
printf 'try { sys.in.readLine() } catch e { print(e.message()) }\n' > "$tmp/t.writ"
out=$(printf '\xff\xfe\n' | "$WRIT" "$tmp/t.writ")
[ "$out" = "input is not valid UTF-8" ] || { echo "got: $out"; exit 1; }
