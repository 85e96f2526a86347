#!/usr/bin/env bash
# Instruction counts of each benchmark under two writ binaries, side by
# side: noise-free before/after figures for a change (callgrind counts
# instructions, so a busy machine does not move them).
#
#   bash bench/ir.sh OLD_WRIT NEW_WRIT [benchmark...]
#
# Prints one row per benchmark: instructions (millions) for each binary and
# new/old. Needs valgrind. Each run takes about 50 times its normal time.
set -u
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 2 ] || { echo "usage: bench/ir.sh OLD_WRIT NEW_WRIT [benchmark...]" >&2; exit 2; }
old=$1 new=$2
shift 2
command -v valgrind >/dev/null || { echo "bench/ir.sh: valgrind is not installed" >&2; exit 2; }
names=${*:-fib method_call binary_trees nbody richards deltablue string_builder hash_map sieve json_roundtrip}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # writ benchmark -> instructions
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$1" "$BENCH_DIR/$2.writ" >/dev/null 2>"$tmp/err" ||
    { echo "failed: $1 $2" >&2; cat "$tmp/err" >&2; return 1; }
  sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/out"
}
printf '%-16s %14s %14s %8s\n' benchmark "old (M instr)" "new (M instr)" new/old
for b in $names; do
  o=$(count "$old" "$b") || exit 1
  n=$(count "$new" "$b") || exit 1
  awk -v b="$b" -v o="$o" -v n="$n" 'BEGIN { printf "%-16s %14.1f %14.1f %8.3f\n", b, o / 1e6, n / 1e6, n / o }'
done
