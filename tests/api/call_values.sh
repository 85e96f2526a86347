# Calling Writ with arguments given as an array of C values
# (writ_call_values, WritValue) and the text of every status
# (writ_status_string): tests/api/_call_values.c. Under make test-gc each
# string copied for a call collects first, so one left unrooted is found.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_call_values.c" "$tmp/host"
out=$("$tmp/host")
expected=$(cat <<'OUT'
status 0: ok
status 1: syntax error
status 2: incomplete input
status 3: runtime error
status 4: interrupted
status 5: out of memory
status 6: invalid use of the API
status 7: limit reached
status 8: exit requested
status 99: unknown status
status -1: unknown status
eval: ok
all: [nil, true, false, -1.5, "ada", [1], {"k": 1}, <fn none>, (0, 0)]
lens: [3, 4, 0, true]
Point: (3, 4)
host add: 7
none: "no arguments"
many: "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN"
count 200: 200
count 201: invalid use of the API
diag: lib:6: failed with x
fail: runtime error
diag: :0: out of fuel (the host's limit)
spin: limit reached
diag: :0: cannot call number
not a function: runtime error
bad: invalid use of the API
bad: invalid use of the API
bad: invalid use of the API
bad: invalid use of the API
bad: invalid use of the API
all again: [nil, true, false, -1.5, "ada", [1], {"k": 1}, <fn none>, (0, 0)]
list still 1
OUT
)
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
