#!/usr/bin/env bash
# Creation cost of a Writ workspace and a Writ VM next to Lua 5.4's state
# and an in-state Lua sandbox (issue 4, point 9). Builds bench/creation.c
# (against the static libwrit) and bench/creation_lua.c (against liblua5.4)
# into build/bench/, runs both, and prints one table: µs per unit (median
# of repetitions), bytes per unit (retained, live, peak), the targets.
#
#   bash bench/creation.sh            # from the repo root (or: make bench-creation)
#   bash bench/creation.sh --allocs   # list every allocation of one VM and
#                                     # of one workspace + eval, then stop
#
# Environment:
#   WRIT_LIB         the static library (default: build/release/libwrit.a;
#                    build it with `make`)
#   CC               the C compiler (default: cc)
#   CREATION_REPS    repetitions per row (default: 11)
#   CREATION_MIN_MS  minimum length of one repetition in ms (default: 20)
#
# Exit status: 0 on success; 1 if a program failed; 2 if something needed
# to build is missing.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
OUT="$ROOT/build/bench"
CC=${CC:-cc}
WRIT_LIB=${WRIT_LIB:-$ROOT/build/release/libwrit.a}

die() { echo "bench/creation.sh: $*" >&2; exit 2; }

case "${1:-}" in
  -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  ''|--allocs) ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

[ -f "$WRIT_LIB" ] || die "no $WRIT_LIB (build it with 'make', or set WRIT_LIB)"
command -v "$CC" >/dev/null 2>&1 || die "C compiler '$CC' not found"

if LUA_FLAGS=$(pkg-config --cflags --libs lua5.4 2>/dev/null); then :
elif [ -f /usr/include/lua5.4/lua.h ]; then LUA_FLAGS="-I/usr/include/lua5.4 -llua5.4"
else die "Lua 5.4 headers not found (apt-get install liblua5.4-dev)"
fi

mkdir -p "$OUT" || die "cannot create $OUT"
CFLAGS="-std=c11 -O2 -Wall -Wextra"
# libwrit.a is built with -fno-pie, so the program is linked -no-pie.
# shellcheck disable=SC2086
$CC $CFLAGS -I"$ROOT/include" -o "$OUT/creation" "$BENCH_DIR/creation.c" "$WRIT_LIB" -no-pie -lm \
  || die "building build/bench/creation failed"
if [ "${1:-}" = "--allocs" ]; then
  exec "$OUT/creation" --allocs
fi
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/creation_lua" "$BENCH_DIR/creation_lua.c" $LUA_FLAGS -lm \
  || die "building build/bench/creation_lua failed"

TMP=$(mktemp "${TMPDIR:-/tmp}/writ-creation.XXXXXX") || die "cannot make a temp file"
trap 'rm -f "$TMP"' EXIT

status=0
"$OUT/creation" >>"$TMP" || { echo "bench/creation.sh: build/bench/creation failed" >&2; status=1; }
"$OUT/creation_lua" >>"$TMP" || { echo "bench/creation.sh: build/bench/creation_lua failed" >&2; status=1; }

echo "cc:   $($CC --version | head -n 1)"
echo "lib:  $WRIT_LIB"
echo "lua:  $(pkg-config --modversion lua5.4 2>/dev/null || echo 5.4)"
echo "time: median of $(awk -F '\t' 'NR == 1 { print $8 }' "$TMP") repetitions of N iterations (CLOCK_MONOTONIC); min-max over repetitions"
echo "bytes: through the WritConfig allocator hook (Lua: a lua_Alloc), each sample from a collected heap:"
echo "       retained = what survives a collection while the unit is alive; live = not yet freed"
echo "       when the unit ends, garbage included; peak = most at any moment (see bench/README.md)"
echo

awk -F '\t' '
  function verdict(ok) { return ok ? "meets" : "MISSES" }
  function ratio(x, y) { return y > 0 ? sprintf("%.2fx", x / y) : "-" }
  BEGIN {
    fmt = "%-4s %-56s %9s %19s %9s %9s %9s %9s  %s\n"
    printf fmt, "", "unit", "us/unit", "min-max us", "N", "retained", "live", "peak", "target (issue 4.9)"
    printf fmt, "", "----", "-------", "----------", "-", "--------", "----", "----", "------------------"
  }
  {
    key = $2; us = $4 + 0; live = $9 + 0; peak = $10 + 0; kept = $13 + 0
    T[key] = us; B[key] = live; R[key] = kept
    target = ""
    if (key == "a" || key == "b")
      target = sprintf("<= 1 us: %s; <= 512 B: retained %s, live %s, peak %s", verdict(us <= 1),
                       verdict(kept <= 512), verdict(live <= 512), verdict(peak <= 512))
    else if (key == "c")
      target = sprintf("<= 10 us: %s", verdict(us <= 10))
    printf "%-4s %-56s %9.3f %9.3f-%-9.3f %9d %9d %9d %9d  %s\n", "(" key ")", $3, us, $5, $6, $7, kept, live,
           (peak > live ? peak : live), target
    if ($11 + 0 > 0) notes = notes sprintf("  (%s) %d bytes stay allocated after freeing it: garbage until the next collection\n", key, $11)
  }
  END {
    print ""
    if (("a" in T) && ("e" in T))
      printf "  writ workspace+eval (a) / lua sandbox (e): time %s, live bytes %s, retained bytes %s\n", ratio(T["a"], T["e"]),
             ratio(B["a"], B["e"]), ratio(R["a"], R["e"])
    if (("c" in T) && ("d" in T))
      printf "  writ VM (c) / lua state (d):                time %s, bytes %s\n", ratio(T["c"], T["d"]), ratio(B["c"], B["d"])
    printf "%s", notes
  }' "$TMP"

exit $status
