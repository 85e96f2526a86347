# An error raised in Writ code the host called through writ_call or
# writ_call_method has a diagnostic with the source line and caret, as one
# from writ_eval has (tests/api/_call_diagnostic.c): the trace's module is
# found in the called code's own workspace, not in another workspace with
# a module of the same name.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_call_diagnostic.c" "$tmp/diag"
out=$("$tmp/diag")
expected=$(cat <<'OUT'
-- writ_call
main:2:23: cannot use '/' on string and number
  fn half(n) { return n / 2 }
                        ^
  at half (main:2:23)
status 3
-- writ_eval, the same error
again:2:23: cannot use '/' on string and number
  fn half(n) { return n / 2 }
                        ^
  at half (again:2:23)
  at <main> (again:3:5)
status 3
-- writ_call_method on an instance
main:5:21: number has no method 'nope'
    bad() { return @v.nope() }
                      ^
  at bad (main:5:21)
status 3
-- a built-in method calling Writ code
main:8:23: cannot use '-' on number and string
  fn each(x) { return x - "1" }
                        ^
  at each (main:8:23)
status 3
-- an error in another module of the workspace
lib/helper:2:12: cannot use '+' on number and string
    return x + "s"
             ^
  at boom (lib/helper:2:12)
  at run (main:9:26)
status 3
-- a thrown value that is not an Error
main:10:16: uncaught value "thrown" (a string, not an Error)
  fn thrower() { throw "thrown" }
                 ^
  at thrower (main:10:16)
status 3
-- a class whose new() fails
main:11:32: cannot use '*' on number and string
  class Broken { new(x) { @v = x * "2" } }
                                 ^
  at new (main:11:32)
status 3
-- no Writ code at all
:0:0: number has no method 'nope'
  (no source line)
status 3
OUT
)
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
