# examples/vats.writ (shown in docs/capabilities.md, chapter 6) prints what
# the chapter says: the failed withdrawal left no trace and sent no log line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
got=$("$WRIT" "$root/examples/vats.writ")
want='account is <far reference>
sent both, first is <promise pending>
  log: withdrew 30
first ok, balance 70
second failed: insufficient funds
statement: [-30], balance 70
a red car drives off'
if [ "$got" != "$want" ]; then
  echo "examples/vats.writ printed:"
  echo "$got"
  echo "expected:"
  echo "$want"
  exit 1
fi
