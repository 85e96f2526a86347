# Host functions, methods and finalizers get the user data they were
# registered with: writ_new_function_ud, writ_new_class_ud (its
# WritFinalizeFn) and writ_function_user_data (tests/api/_user_data.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_user_data.c" "$tmp/host"
out=$("$tmp/host")
expected='hello from alpha
hello from beta
hello from alpha
hello from (none)
[true, true]
calls alpha 2 beta 1
hello from beta
call copy ok
calls beta 2
["red#1", "red#2", "blue#3", "?#4"]
true
live red 2 blue 2
after collect: red live 0 finalized 2, blue live 0 finalized 2, old 1, wrong 0 0
after writ_vm_free: blue live 0 finalized 3, wrong 0'
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
