#!/usr/bin/env bash
# Runs each Writ benchmark and its Lua 5.4 twin side by side, checks that the
# two print the same result, and prints a table of median wall times.
#
#   bash bench/run.sh                 # every benchmark
#   bash bench/run.sh fib nbody       # a subset, by name
#
# Environment:
#   WRIT        the writ binary (default: build/writ under the repo root)
#   LUA         the Lua 5.4 interpreter (default: lua5.4)
#   BENCH_RUNS  runs per program (default: 5); Writ and Lua runs interleave
#
# Exit status: 0 if every pair ran and agreed; 1 if any program failed or a
# pair's outputs differ; 2 on bad usage or a missing interpreter.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

ALL_BENCHMARKS="fib method_call binary_trees nbody richards deltablue string_builder hash_map sieve json_roundtrip"

RUNS=${BENCH_RUNS:-5}
LUA=${LUA:-lua5.4}

if [ -n "${WRIT:-}" ]; then
  # A relative WRIT is taken from the current directory, else the repo root.
  if [[ "$WRIT" != /* && ! -e "$WRIT" && -e "$ROOT/$WRIT" ]]; then
    WRIT="$ROOT/$WRIT"
  fi
else
  WRIT="$ROOT/build/writ"
fi

die() { echo "bench/run.sh: $*" >&2; exit 2; }

case "$RUNS" in
  ''|*[!0-9]*) die "BENCH_RUNS must be a positive integer (got '$RUNS')" ;;
esac
[ "$RUNS" -ge 1 ] || die "BENCH_RUNS must be at least 1"

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

if ! command -v "$LUA" >/dev/null 2>&1; then
  die "Lua interpreter '$LUA' not found (install lua5.4, or set LUA=/path/to/lua5.4)"
fi
if [ ! -x "$WRIT" ]; then
  die "writ binary '$WRIT' not found or not executable (build it with 'make', or set WRIT=/path/to/writ)"
fi

if [ $# -gt 0 ]; then
  BENCHMARKS="$*"
else
  BENCHMARKS=$ALL_BENCHMARKS
fi
for b in $BENCHMARKS; do
  b=${b%.writ}; b=${b%.lua}
  [ -f "$BENCH_DIR/$b.writ" ] || die "no such benchmark: $b.writ (have: $ALL_BENCHMARKS)"
  [ -f "$BENCH_DIR/$b.lua" ] || die "benchmark $b has no Lua twin: $b.lua"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/writ-bench.XXXXXX") || die "cannot make a temp directory"
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }

# run_one LABEL OUTFILE CMD... : runs CMD, stdout to OUTFILE, stderr to
# OUTFILE.err; prints the elapsed seconds; returns the command's status.
run_one() {
  local out=$1; shift
  local t0 t1 status
  t0=$(now)
  "$@" >"$out" 2>"$out.err" </dev/null
  status=$?
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
  return $status
}

median() { # reads numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

failed=0
RESULTS="$TMP/results"
: >"$RESULTS"

echo "writ: $WRIT"
echo "lua:  $(command -v "$LUA") ($("$LUA" -v 2>&1 | head -n 1))"
echo "runs: $RUNS per program, Writ and Lua interleaved"
echo

for b in $BENCHMARKS; do
  b=${b%.writ}; b=${b%.lua}
  : >"$TMP/$b.wtimes"
  : >"$TMP/$b.ltimes"
  status_note=""
  expected=""
  for ((r = 1; r <= RUNS; r++)); do
    # Writ
    if t=$(run_one "$TMP/$b.wout" "$WRIT" "$BENCH_DIR/$b.writ"); then
      echo "$t" >>"$TMP/$b.wtimes"
    else
      status_note="writ failed"
      echo "FAIL $b: writ exited with an error (run $r):" >&2
      sed -n '1,15p' "$TMP/$b.wout.err" | sed 's/^/    /' >&2
      break
    fi
    # Lua
    if t=$(run_one "$TMP/$b.lout" "$LUA" "$BENCH_DIR/$b.lua"); then
      echo "$t" >>"$TMP/$b.ltimes"
    else
      status_note="lua failed"
      echo "FAIL $b: lua exited with an error (run $r):" >&2
      sed -n '1,15p' "$TMP/$b.lout.err" | sed 's/^/    /' >&2
      break
    fi
    if ! cmp -s "$TMP/$b.wout" "$TMP/$b.lout"; then
      status_note="MISMATCH"
      echo "MISMATCH $b: Writ and Lua printed different results (run $r)" >&2
      echo "  writ: $(head -c 400 "$TMP/$b.wout" | head -n 5)" >&2
      echo "  lua:  $(head -c 400 "$TMP/$b.lout" | head -n 5)" >&2
      break
    fi
    # Both sides must also print the same thing on every run.
    if [ -z "$expected" ]; then
      expected=$(cat "$TMP/$b.wout")
    elif [ "$expected" != "$(cat "$TMP/$b.wout")" ]; then
      status_note="UNSTABLE"
      echo "UNSTABLE $b: output changed between runs" >&2
      break
    fi
  done
  if [ -n "$status_note" ]; then
    failed=1
    printf '%s\t-\t-\t-\t%s\n' "$b" "$status_note" >>"$RESULTS"
    printf '%-16s %s\n' "$b" "$status_note"
    continue
  fi
  wmed=$(median <"$TMP/$b.wtimes")
  lmed=$(median <"$TMP/$b.ltimes")
  ratio=$(awk -v w="$wmed" -v l="$lmed" 'BEGIN { if (l > 0) printf "%.3f", w / l; else print "nan" }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$b" "$wmed" "$lmed" "$ratio" "$(head -n 1 "$TMP/$b.wout")" >>"$RESULTS"
  printf '%-16s writ %7.3fs  lua %7.3fs  ratio %6s   %s\n' "$b" "$wmed" "$lmed" "$ratio" "$(head -n 1 "$TMP/$b.wout")"
done

echo
awk -F '\t' '
  BEGIN {
    printf "%-16s %10s %10s %10s\n", "benchmark", "writ (s)", "lua (s)", "writ/lua"
    printf "%-16s %10s %10s %10s\n", "----------------", "----------", "----------", "----------"
  }
  {
    if ($4 == "-" || $4 == "nan") {
      printf "%-16s %10s %10s %10s   %s\n", $1, "-", "-", "-", $5
    } else {
      printf "%-16s %10.3f %10.3f %10.2f\n", $1, $2, $3, $4
      if ($4 > 0) { logsum += log($4); n++ }
    }
  }
  END {
    printf "%-16s %10s %10s %10s\n", "----------------", "----------", "----------", "----------"
    if (n > 0) printf "%-16s %10s %10s %10.2f   (%d benchmarks)\n", "geometric mean", "", "", exp(logsum / n), n
    else printf "geometric mean: no benchmark completed\n"
  }' "$RESULTS"

exit $failed
