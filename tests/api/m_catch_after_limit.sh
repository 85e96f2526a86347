# After a run the host's limits (fuel, memory) or an interrupt stopped,
# uncatchable while it lasted, the next run's ordinary errors are caught
# by try again (tests/api/_m_catch_after_limit.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_m_catch_after_limit.c" "$tmp/host"
status=0
out=$("$tmp/host" 2>&1) || status=$?
expected='error: out of fuel (the host'"'"'s limit)
fuel: status 7
ordinary, through a built-in
after fuel: status 0
error: memory limit exceeded (the host'"'"'s limit)
memory: status 7
ordinary, through a built-in
after memory: status 0
error: interrupted
interrupt: status 4
ordinary, through a built-in
after interrupt: status 0'
if [ $status != 0 ] || [ "$out" != "$expected" ]; then
  echo "status $status"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
