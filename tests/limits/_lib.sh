# Shared by the .sh tests: run $WRIT on a generated file and check the first
# line of stderr and the exit status. Usage: expect_error FILE STATUS TEXT
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_error() {
  local file=$1 want_status=$2 want=$3
  "$WRIT" "$file" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  local first
  first=$(head -n 1 "$tmp/err")
  if [ "$status" != "$want_status" ]; then
    echo "exit status $status, expected $want_status; stderr: $(head -c 300 "$tmp/err")"
    exit 1
  fi
  case "$first" in
    *"$want"*) ;;
    *) echo "stderr first line: $first"; echo "expected it to contain: $want"; exit 1 ;;
  esac
}
# gen N TEXT: TEXT repeated N times, without a newline
gen() { awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'; }
