# Per-workspace output and error callbacks, falling back to the VM's, and
# the calling workspace of a host function: writ_workspace_set_callbacks,
# writ_call_workspace (tests/api/_workspace_output.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_workspace_output.c" "$tmp/host"
out=$("$tmp/host")
expected=$(cat <<'OUT'
set A ok
set B ok
[A out] A says 1
[A out] "value of A"
A: ok
[B out] B says 2
[B out] "B"
B: ok
[vm out] C says 3
[vm out] "value of C"
C: ok
[A error] main:3: unexpected end of input (incomplete input)
A: incomplete input
[B error] main:3: list index out of range (index 5, length 1) (runtime error)
B: runtime error
[vm error] main:3: c failed (runtime error)
C: runtime error
[A out] A says A
A: ok
[B out] B says loading lib
[B out] B says hi from lib
B: ok
lib exports 2
A: ok
[A out] A says greet ada
call greet: ok
[A error] main:7: cannot use '+' on number and string (runtime error)
call fail: runtime error
[B error] lib:3: lib boom (runtime error)
call boom: runtime error
who from C: none
A: ok
[vm error] main:8: no text (runtime error)
to_string: NULL
[vm out] B says b again
B: ok
[B error] main:7: unexpected ')' (syntax error)
B: syntax error
[vm out] A says ok
[vm out] A says after mute
A: ok
[vm error] main:12: unexpected ')' (syntax error)
A: syntax error
[vm out] B says b plain
B: ok
[B2 out] B says b new
B: ok
[C out] C says c before
[vm out] none says true
[vm error] main:7: after free (runtime error)
C: runtime error
set freed: invalid use of the API
set NULL: invalid use of the API
OUT
)
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
