#!/usr/bin/env bash
# Runs the re benchmark, bench/re_search.writ under Writ and its twin
# bench/re_search.py under Python 3, in interleaved rounds; checks that the
# two print the same results and prints, for each phase (a log grep over a
# generated 200 000-line log, a word split with \W+), the median time each
# took (as the programs measure it, excluding start-up and building the
# log) and the ratio writ/python.
#
#   bash bench/re.sh
#
# Environment:
#   WRIT     the writ binary (default: build/writ under the repo root)
#   PYTHON   Python 3 (default: python3)
#   ROUNDS   rounds (default 5); each runs both, in alternating order
#
# Exit status: 0 if every run worked and the results agreed; 1 otherwise;
# 2 on bad usage or a missing interpreter.
set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WRIT=${WRIT:-$ROOT/build/writ}
PYTHON=${PYTHON:-python3}
ROUNDS=${ROUNDS:-5}

die() { echo "bench/re.sh: $*" >&2; exit 2; }
case "$ROUNDS" in '' | *[!0-9]* | 0) die "ROUNDS must be a positive integer (got '$ROUNDS')" ;; esac
[ -x "$WRIT" ] || die "no writ binary at $WRIT (run make first)"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: one run; its output to $tmp/NAME.out, the results (the
# lines that are not timings) appended to $tmp/NAME.results.
run() {
  local name=$1
  shift
  if ! "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    echo "bench/re.sh: $name failed:" >&2
    cat "$tmp/$name.err" >&2
    exit 1
  fi
  grep -v -- '-ms ' "$tmp/$name.out" >"$tmp/$name.last"
  for phase in grep split; do
    awk -v p="$phase-ms" '$1 == p { print $2 }' "$tmp/$name.out" >>"$tmp/$name.$phase"
  done
}

for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then
    run writ "$WRIT" "$BENCH_DIR/re_search.writ"
    run python "$PYTHON" "$BENCH_DIR/re_search.py"
  else
    run python "$PYTHON" "$BENCH_DIR/re_search.py"
    run writ "$WRIT" "$BENCH_DIR/re_search.writ"
  fi
  if ! cmp -s "$tmp/writ.last" "$tmp/python.last"; then
    echo "bench/re.sh: the results differ:" >&2
    diff "$tmp/writ.last" "$tmp/python.last" >&2
    exit 1
  fi
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "re: $ROUNDS rounds, median milliseconds (results agree: $(tr '\n' ' ' <"$tmp/writ.last"))"
printf '%-8s %10s %10s %12s\n' phase writ python writ/python
for phase in grep split; do
  w=$(median "$tmp/writ.$phase")
  p=$(median "$tmp/python.$phase")
  printf '%-8s %10.1f %10.1f %12.2f\n' "$phase" "$w" "$p" "$(awk -v w="$w" -v p="$p" 'BEGIN { print w / p }')"
done
