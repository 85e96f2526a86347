# examples/log_summary.writ: the report for examples/access.log is exactly
# the one below, and a file that is not a log at all (README.md, as `make
# test` feeds every example) is no crash: 0 requests, every line skipped.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$WRIT" "$root/examples/log_summary.writ" < "$root/examples/access.log" > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 0 ] || { echo "access.log: exit status $status: $(head -c 300 "$tmp/err")"; exit 1; }
[ -s "$tmp/err" ] && { echo "access.log: stderr: $(head -c 300 "$tmp/err")"; exit 1; }
cat > "$tmp/want" <<'REPORT'
Access log summary
==================
requests  29
sent      295.3 KB
errors    6 (20.7% of requests)

status                  requests      sent
200                           16  294.1 KB  success
304                            4       0 B  redirect
404                            4     648 B  client error
302                            2       0 B  redirect
201                            1     311 B  success
403                            1     199 B  client error
500                            1      87 B  server error

busiest paths           requests      sent
/                              4   20.0 KB
/api/orders                    3    3.6 KB
/search                        3   21.8 KB
/static/app.css                3   17.8 KB
/static/logo.png               3   40.0 KB

skipped 1 line that did not parse:
  line 20: no request in quotes
REPORT
diff "$tmp/want" "$tmp/out" || { echo "access.log: the report differs (< expected, > got)"; exit 1; }

"$WRIT" "$root/examples/log_summary.writ" 3 < "$root/README.md" > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 0 ] || { echo "README.md: exit status $status: $(head -c 300 "$tmp/err")"; exit 1; }
grep -qx 'requests  0' "$tmp/out" || { echo "README.md: no 'requests  0' line:"; cat "$tmp/out"; exit 1; }
grep -q '^skipped [0-9]* lines that did not parse:$' "$tmp/out" || { echo "README.md: no skipped lines:"; cat "$tmp/out"; exit 1; }
exit 0
