# writ_exit ends only the run it was asked in (tests/api/_exit_request.c):
# after that run returned WRIT_EXIT, failures outside a run are reported
# with their own status and a diagnostic, not as WRIT_EXIT.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_exit_request.c" "$tmp/er"
out=$("$tmp/er")
expected='  diag[3] unhandled rejection: nil
before: 1 unhandled, 1 reported
  diag[3] cannot modify a frozen list
before: push on a frozen list: status 3, 1 reported
quit(): status 8 (WRIT_EXIT 8), code 3
  diag[3] unhandled rejection: nil
after: 1 unhandled, 1 reported
  diag[3] cannot modify a frozen list
after: push on a frozen list: status 3, 1 reported
code still 3
a run after: status 0'
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
