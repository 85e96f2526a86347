# writ_call's diagnostic reaches the called code's workspace even when a
# host function released the called function's handle during the call
# (tests/api/_call_release.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_call_release.c" "$tmp/cr"
out=$("$tmp/cr")
expected='eval: 0
handle kept: status 3, workspace callback 1, VM callback 0
handle released: status 3, workspace callback 1, VM callback 0'
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
