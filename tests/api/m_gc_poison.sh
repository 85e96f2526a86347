# What only the collector's marking keeps alive survives a collection
# (tests/api/_m_gc_poison.c: freed memory is poisoned and quarantined, so a
# value the collector forgot to mark reads as garbage or crashes). Kills
# the mutation run's gc-* mutants (tests/mutation/).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_m_gc_poison.c" "$tmp/host"
status=0
out=$("$tmp/host" 2>&1) || status=$?
expected='100
this facet does not forward '"'"'withdraw'"'"'
true 7
this capability has been revoked
3 ABC
kept by the function
1 2
handle: held by a handle
handle list: in a list
print still granted module'
if [ $status != 0 ] || [ "$out" != "$expected" ]; then
  echo "status $status"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
