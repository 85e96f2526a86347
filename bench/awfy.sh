#!/usr/bin/env bash
# Runs the Are We Fast Yet benchmarks (Marr et al., DLS'16): AWFY's own Lua
# harness under lua5.4 and under luajit -joff (its interpreter, JIT off),
# and the Writ port in bench/awfy/ under build/writ, with the same iteration
# counts, in interleaved rounds; prints the median wall time and peak RSS of
# each, the ratios writ/lua and luajit/lua, and their geometric means.
#
#   AWFY=/path/to/are-we-fast-yet bash bench/awfy.sh
#   make bench-awfy AWFY=/path/to/are-we-fast-yet
#   AWFY=... BENCHMARKS="List NBody" bash bench/awfy.sh   # a subset
#
# Environment:
#   AWFY        a checkout of https://github.com/smarr/are-we-fast-yet (needs
#               benchmarks/Lua/harness.lua); required
#   ROUNDS      rounds (default 5); each round runs every benchmark once
#               under each of the three, in a rotating order
#   BENCHMARKS  names to run (default: all 14), e.g. "List NBody"
#   WRIT        the writ binary (default: build/writ under the repo root)
#   LUA         Lua 5.4 (default: lua5.4)
#   LUAJIT      LuaJIT (default: luajit; run with -joff)
#   MARKDOWN=1  also print the table as Markdown
#
# Exit status: 0 if every run verified its result; 1 if any run failed
# (a wrong result fails the harness, which exits non-zero); 2 on bad usage
# or a missing tool.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

# name, outer iterations, inner iterations: the same for all three. Chosen
# so that one run takes roughly 0.3-2 s under lua5.4 on the project's
# machine (AWFY's rebench.conf reference counts, scaled down). CD, Havlak,
# Mandelbrot and NBody verify only at fixed inner counts. Havlak cannot be
# made shorter: one inner iteration is its smallest run (about 13 s under
# lua5.4).
COUNTS="
Bounce     10 150
CD          1 100
DeltaBlue  12 1000
Havlak      1 1
Json       10 7
List       10 200
Mandelbrot  4 500
NBody       1 250000
Permute    10 100
Queens     10 150
Richards   10 3
Sieve      10 400
Storage    10 50
Towers     10 50
"
ALL_BENCHMARKS=$(echo "$COUNTS" | awk 'NF { printf "%s%s", sep, $1; sep = " " }')

ROUNDS=${ROUNDS:-5}
LUA=${LUA:-lua5.4}
LUAJIT=${LUAJIT:-luajit}
TIME=/usr/bin/time

if [ -n "${WRIT:-}" ]; then
  if [[ "$WRIT" != /* && ! -e "$WRIT" && -e "$ROOT/$WRIT" ]]; then
    WRIT="$ROOT/$WRIT"
  fi
else
  WRIT="$ROOT/build/writ"
fi

die() { echo "bench/awfy.sh: $*" >&2; exit 2; }

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (use BENCHMARKS=\"...\" to pick benchmarks; --help)" ;;
  esac
done

case "$ROUNDS" in
  ''|*[!0-9]*) die "ROUNDS must be a positive integer (got '$ROUNDS')" ;;
esac
[ "$ROUNDS" -ge 1 ] || die "ROUNDS must be at least 1"

# Everything missing is reported at once, with how to get it.
missing=()
if [ -z "${AWFY:-}" ]; then
  missing+=("AWFY is not set: point it at a checkout of are-we-fast-yet, e.g.
      git clone https://github.com/smarr/are-we-fast-yet /tmp/awfy
      AWFY=/tmp/awfy bash bench/awfy.sh   (or: make bench-awfy AWFY=/tmp/awfy)")
elif [ ! -f "$AWFY/benchmarks/Lua/harness.lua" ]; then
  missing+=("AWFY=$AWFY has no benchmarks/Lua/harness.lua (is it a checkout of are-we-fast-yet?)")
fi
command -v "$LUA" >/dev/null 2>&1 ||
  missing+=("Lua 5.4 interpreter '$LUA' not found: apt-get install -y lua5.4 (or set LUA=/path/to/lua5.4)")
command -v "$LUAJIT" >/dev/null 2>&1 ||
  missing+=("LuaJIT '$LUAJIT' not found: apt-get install -y luajit (or set LUAJIT=/path/to/luajit)")
if [ ! -x "$TIME" ]; then
  missing+=("GNU time ($TIME) not found: apt-get install -y time")
elif ! "$TIME" -f '%e %M' -o /dev/null true >/dev/null 2>&1; then
  missing+=("$TIME does not take -f/-o (GNU time is needed): apt-get install -y time")
fi
[ -x "$WRIT" ] ||
  missing+=("writ binary '$WRIT' not found or not executable: build it with 'make' (or set WRIT=/path/to/writ)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/awfy.sh: cannot run; missing:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  exit 2
fi
LUA_DIR=$(cd "$AWFY/benchmarks/Lua" && pwd)
AWFY_DIR=$(cd "$AWFY" && pwd)

BENCHMARKS=${BENCHMARKS:-$ALL_BENCHMARKS}
for b in $BENCHMARKS; do
  echo "$COUNTS" | awk -v b="$b" '$1 == b { f = 1 } END { exit !f }' ||
    die "no such benchmark: $b (have: $ALL_BENCHMARKS)"
  [ -f "$BENCH_DIR/awfy/$(echo "$b" | tr 'A-Z' 'a-z').writ" ] ||
    die "benchmark $b has no Writ port: bench/awfy/$(echo "$b" | tr 'A-Z' 'a-z').writ"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/writ-awfy.XXXXXX") || die "cannot make a temp directory"
trap 'rm -rf "$TMP"' EXIT

# run_one IMPL BENCH OUTER INNER: one process under $TIME; appends
# "seconds kilobytes" to $TMP/BENCH.IMPL; returns the process's status.
run_one() {
  local impl=$1 b=$2 n=$3 i=$4 status
  local out="$TMP/$b.$impl.out" tf="$TMP/$b.$impl.time"
  case "$impl" in
    writ)
      "$TIME" -f '%e %M' -o "$tf" "$WRIT" "$BENCH_DIR/awfy/harness.writ" "$b" "$n" "$i" \
        >"$out" 2>&1 </dev/null
      status=$? ;;
    lua)
      (cd "$LUA_DIR" && exec "$TIME" -f '%e %M' -o "$tf" "$LUA" harness.lua "$b" "$n" "$i" \
        >"$out" 2>&1 </dev/null)
      status=$? ;;
    luajit)
      (cd "$LUA_DIR" && exec "$TIME" -f '%e %M' -o "$tf" "$LUAJIT" -joff harness.lua "$b" "$n" "$i" \
        >"$out" 2>&1 </dev/null)
      status=$? ;;
  esac
  # A run passes if it exited 0 and the harness got to its last line.
  if [ $status -eq 0 ] && ! grep -q '^Total Runtime: ' "$out"; then status=1; fi
  # GNU time writes "Command exited with non-zero status N" first on failure.
  [ $status -eq 0 ] && tail -n 1 "$tf" >>"$TMP/$b.$impl"
  return $status
}

median() { # reads numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

IMPLS=(writ lua luajit)
declare -A FAILED=()
failed=0

echo "writ:   $WRIT ($("$WRIT" -v 2>&1 | head -n 1)); repo at $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?')"
echo "lua:    $(command -v "$LUA") ($("$LUA" -v 2>&1 | head -n 1))"
echo "luajit: $(command -v "$LUAJIT") -joff ($("$LUAJIT" -v 2>&1 | head -n 1))"
echo "awfy:   $AWFY_DIR (commit $(git -C "$AWFY_DIR" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "rounds: $ROUNDS, each running every benchmark once under each of the three"
echo

for b in $BENCHMARKS; do
  for impl in "${IMPLS[@]}"; do : >"$TMP/$b.$impl"; done
done

for ((r = 1; r <= ROUNDS; r++)); do
  printf 'round %d/%d:' "$r" "$ROUNDS"
  for b in $BENCHMARKS; do
    read -r n i < <(echo "$COUNTS" | awk -v b="$b" '$1 == b { print $2, $3 }')
    [ -n "${FAILED[$b]:-}" ] && continue
    printf ' %s' "$b"
    # Rotate the order each round so no interpreter always runs first.
    for k in 0 1 2; do
      impl=${IMPLS[$(((k + r - 1) % 3))]}
      if ! run_one "$impl" "$b" "$n" "$i"; then
        FAILED[$b]="$impl failed"
        failed=1
        echo >&2
        echo "FAIL $b: $impl exited with an error or did not verify (round $r):" >&2
        sed -n '1,15p' "$TMP/$b.$impl.out" | sed 's/^/    /' >&2
        break
      fi
    done
  done
  echo
done
echo

RESULTS="$TMP/results"
: >"$RESULTS"
for b in $BENCHMARKS; do
  read -r n i < <(echo "$COUNTS" | awk -v b="$b" '$1 == b { print $2, $3 }')
  if [ -n "${FAILED[$b]:-}" ]; then
    printf '%s\t%s\t%s\tFAILED (%s)\n' "$b" "$n" "$i" "${FAILED[$b]}" >>"$RESULTS"
    continue
  fi
  line="$b	$n	$i"
  for impl in "${IMPLS[@]}"; do
    t=$(awk '{ print $1 }' "$TMP/$b.$impl" | median)
    m=$(awk '{ print $2 }' "$TMP/$b.$impl" | median)
    line="$line	$t	$m"
  done
  echo "$line" >>"$RESULTS"
done

# Columns of $RESULTS: name outer inner writ_s writ_kb lua_s lua_kb jit_s jit_kb
awk -F '\t' -v md="${MARKDOWN:-0}" '
  function mb(kb) { return kb / 1024 }
  BEGIN {
    fmt = "%-11s %10s %8s %8s %8s %8s %8s %8s %8s %8s\n"
    printf fmt, "", "", "", "", "luajit", "writ/", "luajit/", "writ", "lua", "luajit"
    printf fmt, "benchmark", "iterations", "writ(s)", "lua(s)", "-joff(s)", "lua", "lua", "RSS(MB)", "RSS(MB)", "RSS(MB)"
    printf "%s\n", "----------------------------------------------------------------------------------------------"
  }
  {
    if ($4 ~ /^FAILED/) {
      printf "%-11s %10s   %s\n", $1, $2 "x" $3, $4
      failed[++nf] = $1 "\t" $2 "x" $3 "\t" $4
      next
    }
    rw = ($6 > 0) ? $4 / $6 : 0
    rj = ($6 > 0) ? $8 / $6 : 0
    printf "%-11s %10s %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f %8.1f %8.1f\n",
      $1, $2 "x" $3, $4, $6, $8, rw, rj, mb($5), mb($7), mb($9)
    if (rw > 0) { lw += log(rw); nw++ }
    if (rj > 0) { lj += log(rj); nj++ }
    row[++nr] = sprintf("| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |",
      $1, $2 " x " $3, $4, $6, $8, rw, rj, mb($5), mb($7), mb($9))
  }
  END {
    printf "%s\n", "----------------------------------------------------------------------------------------------"
    if (nw > 0)
      printf "%-11s %10s %8s %8s %8s %8.2f %8.2f   (%d benchmarks)\n", "geo. mean", "", "", "", "",
        exp(lw / nw), exp(lj / nj), nw
    else
      print "geometric mean: no benchmark completed"
    if (md == 1) {
      print ""
      print "| benchmark | iterations | writ (s) | lua5.4 (s) | luajit -joff (s) | writ / lua | luajit / lua | writ RSS (MB) | lua RSS (MB) | luajit RSS (MB) |"
      print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
      for (k = 1; k <= nr; k++) print row[k]
      for (k = 1; k <= nf; k++) { split(failed[k], f, "\t"); printf "| %s | %s | %s | | | | | | | |\n", f[1], f[2], f[3] }
      if (nw > 0)
        printf "| **geometric mean** | | | | | **%.2f** | **%.2f** | | | |\n", exp(lw / nw), exp(lj / nj)
    }
  }' "$RESULTS"

exit $failed
