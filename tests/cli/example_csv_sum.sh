# examples/csv_sum.writ: the exact report for examples/sales.csv (amount by
# region, by default the first and last columns; then units by product,
# named), a bad row listed with its line, a column not in the header a
# usage error, and a file that is not CSV at all (README.md, as `make test`
# feeds every example) no crash: every row skipped.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

run() { # args... < stdin: out, err; fails unless the exit status is 0 and stderr empty
  "$WRIT" "$root/examples/csv_sum.writ" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  [ $status = 0 ] || { echo "$*: exit status $status: $(head -c 300 "$tmp/err")"; exit 1; }
  [ -s "$tmp/err" ] && { echo "$*: stderr: $(head -c 300 "$tmp/err")"; exit 1; }
}

run < "$root/examples/sales.csv"
cat > "$tmp/want" <<'REPORT'
region            rows        amount
West                 3      3,268.80
North                3      2,189.75
South                3      1,875.35
East                 3      1,782.95
total               12      9,116.85

skipped 2 rows:
  line 11: "n/a" is not a number
  line 13: only 3 fields
REPORT
diff "$tmp/want" "$tmp/out" || { echo "sales.csv: the report differs (< expected, > got)"; exit 1; }

run product 4 < "$root/examples/sales.csv"
cat > "$tmp/want" <<'REPORT'
product           rows         units
widget               5         49.00
gizmo                4         32.00
gadget               3          6.00
total               12         87.00

skipped 2 rows:
  line 11: "n/a" is not a number
  line 13: only 3 fields
REPORT
diff "$tmp/want" "$tmp/out" || { echo "product 4: the report differs (< expected, > got)"; exit 1; }

"$WRIT" "$root/examples/csv_sum.writ" region price < "$root/examples/sales.csv" > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 2 ] || { echo "a missing column: exit status $status, not 2"; exit 1; }
grep -qx 'csv_sum: no column price (the header has region, product, date, units, amount)' "$tmp/err" ||
  { echo "a missing column: $(cat "$tmp/err")"; exit 1; }

run 3 < "$root/README.md"
grep -qE '^total +0 +0\.00$' "$tmp/out" || { echo "README.md: no empty total:"; cat "$tmp/out"; exit 1; }
grep -q '^skipped [0-9]* rows:$' "$tmp/out" || { echo "README.md: no skipped rows:"; cat "$tmp/out"; exit 1; }
exit 0
