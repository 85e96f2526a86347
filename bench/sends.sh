#!/usr/bin/env bash
# Eventual sends, `when` callbacks and turns (issue 15, point 6): Writ next
# to node (JIT and --jitless) on the same programs, the fixed cost of a turn
# next to method calls, and the cost of a turn that writes k objects.
#
#   bash bench/sends.sh              # everything (5-15 minutes)
#   bash bench/sends.sh node         # only the node comparison (part 1)
#   bash bench/sends.sh turn writes  # parts 2 and 3 only
#
# Parts: node (1: ping-pong and `when` against node), turn (2: a turn next
# to ten method calls), writes (3: a turn writing k = 1, 100, 10000 objects).
#
# Environment:
#   WRIT           the writ binary (default: build/writ under the repo root)
#   NODE           node (default: node)
#   SENDS_ROUNDS   interleaved rounds (default 7); medians are reported
#   SENDS_N        messages per node-comparison program (default 1000000)
#   SENDS_CALLGRIND=0  skip the callgrind instruction counts
#   TIME           GNU time, for CPU seconds (default: /usr/bin/time)
#
# Exit status: 0 if every program ran and the outputs agreed, 1 if not,
# 2 on bad usage or a missing program.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
S="$BENCH_DIR/sends"

ROUNDS=${SENDS_ROUNDS:-7}
TIME=${TIME:-/usr/bin/time}
N=${SENDS_N:-1000000}
NODE=${NODE:-node}
CALLGRIND=${SENDS_CALLGRIND:-1}
WRIT=${WRIT:-$ROOT/build/writ}

die() { echo "bench/sends.sh: $*" >&2; exit 2; }
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    node|turn|writes) ;;
    *) die "unknown part '$arg' (the parts are node, turn, writes)" ;;
  esac
done
PARTS=${*:-node turn writes}
case "$ROUNDS$N" in *[!0-9]*) die "SENDS_ROUNDS and SENDS_N must be whole numbers" ;; esac
[ "$ROUNDS" -ge 1 ] || die "SENDS_ROUNDS must be at least 1"
[ -x "$WRIT" ] || die "writ binary '$WRIT' not found (run make)"
[ -x "$TIME" ] || die "GNU time not found at $TIME (apt-get install time, or set TIME=)"
if [[ " $PARTS " == *" node "* ]]; then
  command -v "$NODE" >/dev/null 2>&1 || die "node not found (set NODE=/path/to/node)"
fi
if [ "$CALLGRIND" != 0 ] && ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind not found: no instruction counts" >&2
  CALLGRIND=0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/writ-sends.XXXXXX") || die "cannot make a temp directory"
trap 'rm -rf "$TMP"' EXIT
failed=0

now() { date +%s.%N; }
# timed OUT CMD...: runs CMD (stdout to OUT, stderr to OUT.err), prints the
# elapsed wall seconds and the CPU seconds (user + system, all threads) it
# used; returns CMD's status.
timed() {
  local out=$1 t0 t1 st
  shift
  t0=$(now)
  "$TIME" -f '%U %S' -o "$out.cpu" "$@" >"$out" 2>"$out.err" </dev/null
  st=$?
  t1=$(now)
  awk -v a="$t0" -v b="$t1" -v c="$(tail -n 1 "$out.cpu")" 'BEGIN { split(c, u, " "); printf "%.6f %.6f\n", b - a, u[1] + u[2] }'
  return $st
}
median() { sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) { print "nan"; exit }
  if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# spread FILE: the largest and smallest value as a percentage of the median
spread() { sort -g "$1" | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  if (m > 0) printf "%+.0f%%/%+.0f%%", 100 * (v[1] - m) / m, 100 * (v[NR] - m) / m }'; }
# instructions CMD...: callgrind's total instruction count for CMD
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "$@" >/dev/null 2>"$TMP/cg.err" </dev/null ||
    { echo "callgrind failed: $*" >&2; sed -n '1,10p' "$TMP/cg.err" >&2; return 1; }
  sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$TMP/cg.out"
}

echo "writ: $WRIT"
[[ " $PARTS " == *" node "* ]] && echo "node: $(command -v "$NODE") ($("$NODE" --version))"
echo "rounds: $ROUNDS (interleaved; medians; spread = min/max against the median)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) on $(nproc 2>/dev/null) cores"
echo

# ---------------------------------------------------------------- part 1 --
# name writ-program js-program
PAIRS="pingpong:pingpong:pingpong
pingpong_await:pingpong:pingpong_await
when_loop:when_loop:when_loop
when_chain:when_chain:when_chain
when_fan:when_fan:when_fan"

part_node() {
  echo "== 1. $N messages: Writ against node $("$NODE" --version) (seconds, medians of $ROUNDS interleaved rounds) =="
  echo "wall: the whole process; in-process: from the script's start to its last callback, as the program"
  echo "measures it (no start-up, no teardown); cpu: user + system seconds of the process and its threads"
  echo "(node runs its GC and compilers on helper threads); -net: less the median of the same program run"
  echo "with 0 messages. Spread: min/max against the median, writ; node; jitless."
  local r name w j
  for ((r = 1; r <= ROUNDS; r++)); do
    while IFS=: read -r name w j; do
      # The three take turns going first from round to round.
      local order who t
      case $((r % 3)) in
        1) order="writ node jitless" ;;
        2) order="node jitless writ" ;;
        0) order="jitless writ node" ;;
      esac
      for who in $order; do
        local cmd
        case $who in
          writ) cmd=("$WRIT" "$S/$w.writ") ;;
          node) cmd=("$NODE" "$S/$j.js") ;;
          jitless) cmd=("$NODE" --jitless "$S/$j.js") ;;
        esac
        if t=$(timed "$TMP/$name.$who.out" "${cmd[@]}" "$N"); then
          echo "${t% *}" >>"$TMP/$name.$who.t"
          echo "${t#* }" >>"$TMP/$name.$who.cpu"
          sed -n 's/^elapsed \([0-9.e+-]*\)$/\1/p' "$TMP/$name.$who.out.err" >>"$TMP/$name.$who.in"
        else
          echo "FAIL $name ($who): $(head -c 300 "$TMP/$name.$who.out.err")" >&2
          failed=1
        fi
        # Start-up and teardown: the same program with 0 messages.
        if t=$(timed "$TMP/$name.$who.out0" "${cmd[@]}" 0); then
          echo "${t% *}" >>"$TMP/$name.$who.t0"
          echo "${t#* }" >>"$TMP/$name.$who.cpu0"
        fi
      done
      if ! cmp -s "$TMP/$name.writ.out" "$TMP/$name.node.out" || ! cmp -s "$TMP/$name.writ.out" "$TMP/$name.jitless.out"; then
        echo "MISMATCH $name: writ '$(head -c 100 "$TMP/$name.writ.out")' node '$(head -c 100 "$TMP/$name.node.out")' jitless '$(head -c 100 "$TMP/$name.jitless.out")'" >&2
        failed=1
      fi
    done <<<"$PAIRS"
  done
  printf '%-15s %-10s %7s %7s %7s %9s %9s   %s\n' benchmark "" writ node jitless writ/node writ/jitl spread
  while IFS=: read -r name w j; do
    local kind
    # net figures: each run's median less the median of the 0-message runs
    local who
    for who in writ node jitless; do
      local m0 c0
      m0=$(median <"$TMP/$name.$who.t0"); c0=$(median <"$TMP/$name.$who.cpu0")
      awk -v z="$m0" '{ print $1 - z }' "$TMP/$name.$who.t" >"$TMP/$name.$who.tnet"
      awk -v z="$c0" '{ print $1 - z }' "$TMP/$name.$who.cpu" >"$TMP/$name.$who.cpunet"
    done
    for kind in t:wall tnet:wall-net in:in-process cpu:cpu cpunet:cpu-net; do
      local f=${kind%%:*} label=${kind#*:}
      awk -v n="$name" -v l="$label" -v w="$(median <"$TMP/$name.writ.$f")" -v no="$(median <"$TMP/$name.node.$f")" \
          -v j="$(median <"$TMP/$name.jitless.$f")" \
          -v sp="$(spread "$TMP/$name.writ.$f"); $(spread "$TMP/$name.node.$f"); $(spread "$TMP/$name.jitless.$f")" 'BEGIN {
        printf "%-15s %-10s %7.3f %7.3f %7.3f %9s %9s   %s\n", (l == "wall" ? n : ""), l, w, no, j,
          (no > 0 ? sprintf("%.2f", w / no) : "-"), (j > 0 ? sprintf("%.2f", w / j) : "-"), sp }'
    done
  done <<<"$PAIRS"
  if [ "$CALLGRIND" != 0 ]; then
    echo "Writ instructions per message (callgrind, (I(100000) - I(0)) / 100000):"
    local b i1 i0
    for b in pingpong when_loop when_chain when_fan; do
      i1=$(instructions "$WRIT" "$S/$b.writ" 100000) || { failed=1; continue; }
      i0=$(instructions "$WRIT" "$S/$b.writ" 0) || { failed=1; continue; }
      awk -v b="$b" -v a="$i1" -v z="$i0" 'BEGIN { printf "  %-12s %7.0f\n", b, (a - z) / 100000 }'
    done
  fi
  echo
}

# ---------------------------------------------------------------- part 2 --
part_turn() {
  local TN=100000 r
  echo "== 2. A turn's fixed cost against ten method calls (turn_cost.writ timed $TN 5, $ROUNDS runs) =="
  for ((r = 1; r <= ROUNDS; r++)); do
    if ! "$WRIT" "$S/turn_cost.writ" timed "$TN" 5 >"$TMP/tc.out" 2>"$TMP/tc.err"; then
      echo "FAIL turn_cost: $(head -c 300 "$TMP/tc.err")" >&2; failed=1; return
    fi
    # calls X loop Y batched Z
    awk '{ print $2 >> "'"$TMP"'/tc.calls"; print $4 >> "'"$TMP"'/tc.loop"; print $6 >> "'"$TMP"'/tc.batched" }' "$TMP/tc.out"
  done
  local c l b
  c=$(median <"$TMP/tc.calls"); l=$(median <"$TMP/tc.loop"); b=$(median <"$TMP/tc.batched")
  awk -v c="$c" -v l="$l" -v b="$b" -v n="$TN" -v sc="$(spread "$TMP/tc.calls")" -v sl="$(spread "$TMP/tc.loop")" -v sb="$(spread "$TMP/tc.batched")" 'BEGIN {
    call = c / (10 * n) * 1e9; loop = l / (10 * n) * 1e9; turn = b / n * 1e9
    printf "  wall: method call t.touch(i) in a loop %.1f ns (spread %s); empty loop iteration %.1f ns (%s)\n", call, sc, loop, sl
    printf "        turn (sent 100 per turn) %.1f ns (spread %s) = %.1f calls; net of the loop: %.1f calls\n", turn, sb, turn / call, (turn - loop) / (call - loop)
  }'
  if [ "$CALLGRIND" != 0 ]; then
    echo "  callgrind, instructions per operation ((I(2M) - I(M)) / M):"
    local mode m i1 i2
    for mode in calls:200000 loop:200000 batched:20000 all:20000; do
      m=${mode#*:}; mode=${mode%:*}
      i1=$(instructions "$WRIT" "$S/turn_cost.writ" "$mode" "$m") || { failed=1; return; }
      i2=$(instructions "$WRIT" "$S/turn_cost.writ" "$mode" $((2 * m))) || { failed=1; return; }
      echo "$mode $(( (i2 - i1) ))" | awk -v m="$m" '{ printf "%s %.1f\n", $1, $2 / m }' >>"$TMP/tc.ir"
    done
    awk '{ v[$1] = $2 } END {
      printf "    method call in a loop %.1f; empty loop iteration %.1f\n", v["calls"], v["loop"]
      printf "    turn, sent 100 per turn %.0f = %.1f calls (%.1f net of the loop)\n", v["batched"], v["batched"] / v["calls"], (v["batched"] - v["loop"]) / (v["calls"] - v["loop"])
      printf "    turn, all sent at once  %.0f = %.1f calls (%.1f net of the loop)\n", v["all"], v["all"] / v["calls"], (v["all"] - v["loop"]) / (v["calls"] - v["loop"])
    }' "$TMP/tc.ir"
  fi
  echo "  target: a turn at most 10 method calls"
  echo
}

# ---------------------------------------------------------------- part 3 --
part_writes() {
  local VISITS=1000000 r k m t
  echo "== 3. A turn writing k objects (turn_writes.writ; $VISITS objects visited per program, $ROUNDS rounds) =="
  for ((r = 1; r <= ROUNDS; r++)); do
    for k in 1 100 10000; do
      for m in write read new_write new_read; do
        if ! "$WRIT" "$S/turn_writes.writ" "$m" "$k" $((VISITS / k)) >"$TMP/tw.out" 2>"$TMP/tw.err"; then
          echo "FAIL turn_writes $m $k: $(head -c 300 "$TMP/tw.err")" >&2; failed=1; continue
        fi
        awk '{ print $6 }' "$TMP/tw.out" >>"$TMP/tw.$m.$k"
      done
    done
  done
  if [ "$CALLGRIND" != 0 ]; then
    local i0 i1 T
    for k in 1 100 10000; do
      T=$((100000 / k)); [ "$T" -ge 20 ] || T=20
      i0=$(instructions "$WRIT" "$S/turn_writes.writ" write "$k" 0) || { failed=1; continue; }
      for m in write read new_write new_read; do
        i1=$(instructions "$WRIT" "$S/turn_writes.writ" "$m" "$k" "$T") || { failed=1; continue; }
        awk -v a="$i1" -v z="$i0" -v t="$T" 'BEGIN { printf "%.1f\n", (a - z) / t }' >"$TMP/ir.$m.$k"
      done
    done
  fi
  printf '  %-6s %-10s %12s %10s %12s %14s\n' k mode "us/turn" spread "instr/turn" "instr/object"
  for k in 1 100 10000; do
    for m in write read new_write new_read; do
      local med ir
      med=$(median <"$TMP/tw.$m.$k")
      ir=$(cat "$TMP/ir.$m.$k" 2>/dev/null || echo nan)
      awk -v k="$k" -v m="$m" -v t="$med" -v ir="$ir" -v sp="$(spread "$TMP/tw.$m.$k")" 'BEGIN {
        printf "  %-6s %-10s %12.3f %10s %12.0f %14.1f\n", k, m, t * 1e6, sp, ir, ir / k }'
    done
  done
  echo "  logging cost per object written (write - read, new_write - new_read), per object:"
  for k in 1 100 10000; do
    awk -v k="$k" -v w="$(median <"$TMP/tw.write.$k")" -v r="$(median <"$TMP/tw.read.$k")" \
        -v nw="$(median <"$TMP/tw.new_write.$k")" -v nr="$(median <"$TMP/tw.new_read.$k")" \
        -v iw="$(cat "$TMP/ir.write.$k" 2>/dev/null || echo 0)" -v iR="$(cat "$TMP/ir.read.$k" 2>/dev/null || echo 0)" \
        -v inw="$(cat "$TMP/ir.new_write.$k" 2>/dev/null || echo 0)" -v inr="$(cat "$TMP/ir.new_read.$k" 2>/dev/null || echo 0)" 'BEGIN {
      printf "  k=%-6s pre-existing: %7.1f ns, %6.1f instr   made in the turn: %7.1f ns, %6.1f instr\n", k,
        (w - r) / k * 1e9, (iw - iR) / k, (nw - nr) / k * 1e9, (inw - inr) / k }'
  done
  echo
}

for p in $PARTS; do "part_$p"; done
exit $failed
