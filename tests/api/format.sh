# writ_format from C (tests/api/_format.c): the layout of writ fmt, a
# syntax error's position, and the misuses it refuses.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_format.c" "$tmp/host"
out=$("$tmp/host")
expected=$(cat <<'OUT'
ok: ok 1
let x = [1, 2] // the list
if x.len() > 1 {
  print("a  \(x[0])")
  print(2)
}
bad: syntax error 1:5: unexpected '=' 1
empty: ok 0
null out: invalid use of the API
null source: invalid use of the API
null err: invalid use of the API
OUT
)
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  exit 1
fi
