# Budgets across the host boundary (tests/api/_host_budget.c): writ_charge
# and writ_reserve stop a host function's work at the budget; an API call
# a host function makes that runs out stops the run (not swallowed, not
# catchable by the script); writ_to_string runs under limits.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_host_budget.c" "$tmp/hb"
out=$("$tmp/hb")
expected='diag[7] memory limit exceeded (the host'"'"'s limit)
slurp under memory: status 7
read at most 2 chunks past the budget: yes (reserve refused 1)
diag[7] out of fuel (the host'"'"'s limit)
slurp under fuel: status 7
stopped by fuel early: yes (charge refused 1)
slurp within budget: status 0
read all: yes
diag[7] memory limit exceeded (the host'"'"'s limit)
hoard under memory: status 7
made some, then refused: yes
the script went on after the budget ran out: no
hoard within budget: status 0
diag[7] memory limit exceeded (the host'"'"'s limit)
strings under memory: status 7
strings made, then NULL: yes
define: status 0
diag[7] out of fuel (the host'"'"'s limit)
to_string of a spinning toString: NULL
to_string of 42: 42
still works: status 0'
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
