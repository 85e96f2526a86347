# Shared by the security .sh tests (a helper, not a test: its name starts with '_').
# expect_refused FILE TEXT [STATUS]: running FILE exits with STATUS (default 1),
# prints nothing on stdout, and the first stderr line contains TEXT.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_refused() {
  local file=$1 want=$2 want_status=${3:-1}
  "$WRIT" "$file" >"$tmp/out" 2>"$tmp/err" </dev/null
  local status=$?
  if [ "$status" != "$want_status" ]; then
    echo "exit status $status, expected $want_status; stderr: $(head -c 300 "$tmp/err")"
    exit 1
  fi
  if [ -s "$tmp/out" ]; then
    echo "stdout should be empty (nothing may run), got: $(head -c 200 "$tmp/out")"
    exit 1
  fi
  local first
  first=$(head -n 1 "$tmp/err")
  case "$first" in
    *"$want"*) ;;
    *) echo "stderr first line: $first"; echo "expected it to contain: $want"; exit 1 ;;
  esac
}
# gen N TEXT: TEXT repeated N times, without a newline
gen() { awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'; }
# deep: how many levels deep data is built. 100 000 (far past every limit, and
# deep enough to overflow the C stack of a naive recursive walker), but 20 000
# under the collect-before-every-allocation build (make test-gc), where each
# allocation re-marks the whole heap and 100 000 levels would take minutes.
case "${WRIT:-}" in
  */build/gc/*) deep=10000 ;;
  *) deep=100000 ;;
esac
