# :caps lists the root capabilities the session holds; the REPL holds
# exactly what a script run with the same flags gets.
. "$(dirname "$0")/_lib.sh"
mkdir -p "$tmp/data"
echo "secret" > "$tmp/data/note.txt"
repl_start --
expect_prompts 1
line ':caps'
expect 'print'
expect 'sys.dir'
expect 'no directory granted'
expect 'sys.env'
expect 'not granted (run with --allow-env)'
line 'sys.dir("data")'
expect "'data' is not granted"
line 'sys.env'
key C-d
expect_exit 0

# The same flags give the REPL the same powers as a script.
script_out=$(cd "$tmp" && "$WRIT" --allow-read=data --allow-env -e 'print(sys.dir("data").read("note.txt").trim(), type(sys.env))')
[ "$script_out" = "secret map" ] || fail "script got: $script_out"
repl_start -- --allow-read=data --allow-env
expect_prompts 1
line ':caps'
expect 'data (read)'
expect 'the environment variables, a map'
line 'print(sys.dir("data").read("note.txt").trim(), type(sys.env))'
expect 'secret map'
key C-d
expect_exit 0
