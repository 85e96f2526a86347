# Host classes, host functions, grants, handles, calls and per-call limits
# through include/writ.h only (tests/api/_host_basics.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_host_basics.c" "$tmp/host"
out=$("$tmp/host")
expected='grant 0 0 0
log: one
log: hello
log: refused: no
log: bad argument #1 to '"'"'write'"'"' (string expected, got number)
log: no new
5
eval 0
count in C 5 last no new
n 0 42
diag[3] plugin:4: cannot use '"'"'+'"'"' on number and string
call bad 3
call 0 42
log: via method
method 0
diag[7] :0: out of fuel (the host'"'"'s limit)
fuel 7
diag[7] :0: memory limit exceeded (the host'"'"'s limit)
memory 7
diag[3] deep:1: stack overflow (call depth limit 50)
depth 3
6
after limits 0
released type 8
bad grant 6 6
bad object 1
utf8 1 0 0 1
finalized 1'
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
