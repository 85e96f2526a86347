# The API a REPL uses to look at a session (tests/api/_session.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_session.c" "$tmp/session"
out=$("$tmp/session")
expected='eval 0
[1, "two"]
[1, "two"]
type list
eval 0
2
2
"mine"
7
diag s:12: cannot use '"'"'+'"'"' on nil and number [  return nil + 1]
fail 3 null
p Pt
p members: getX
call 0
3
no member none, no field none
module: Pt _ bad p
granted to main: granted mainOnly
granted to other: granted
builtin: Workspace freeze str type
missing module NULL
lookup function NULL function NULL
math: floor pi sqrt
pi 3.14159
string: split trim upper
proxy:
proxy member none
keywords 28 first and last while after NULL neg NULL
bad NULL NULL NULL'
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
