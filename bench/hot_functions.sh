#!/usr/bin/env bash
# Writes cli/hot_functions.txt: the functions of the writ command that a
# script's run executes (an empty script and each Are We Fast Yet
# benchmark, a few iterations, under callgrind), one name a line, without
# gcc's suffixes (.constprop.0, .part.0, ...). The release build puts their
# code together at the start of the text (build/release/layout.ld, see the
# Makefile), so that the pages a run touches are few: the kernel maps a
# file's pages 64 KB at a time around each one touched (fault-around), and
# with these functions spread over the whole text, all of it was resident.
#
#   bash bench/hot_functions.sh [WRIT]      (default build/writ; needs valgrind)
#
# Rerun it after large changes to the VM, the compiler or the start-up, and
# commit the list with them. A name that no longer exists is harmless (its
# pattern matches nothing); tests/build/hot_functions.sh checks that most
# still do.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
writ=$(realpath "${1:-$root/build/writ}")
command -v valgrind >/dev/null || { echo "hot_functions: valgrind is needed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 'let x = 1' > "$tmp/empty.writ"
runs=("$tmp/empty.writ")
for spec in Bounce:2 CD:2 DeltaBlue:10 Havlak:1 Json:1 List:2 Mandelbrot:1 NBody:1 Permute:2 \
            Queens:2 Richards:1 Sieve:2 Storage:1 Towers:2; do
  runs+=("$root/bench/awfy/harness.writ ${spec%%:*} 1 ${spec##*:}")
done
i=0
for r in "${runs[@]}"; do
  # shellcheck disable=SC2086 # a run is a file and its arguments
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$i" "$writ" $r >/dev/null 2>&1 ||
    { echo "hot_functions: this run failed: $writ $r" >&2; exit 1; }
  i=$((i + 1))
done
{
  echo "# The functions a script's run executes, put first in the writ command's"
  echo "# text by the release build (Makefile: layout.ld). Made by"
  echo "# bench/hot_functions.sh; do not edit by hand."
  for f in "$tmp"/cg.*; do
    callgrind_annotate --threshold=100 "$f" 2>/dev/null |
      sed -n "s|.*???:\([^ ]*\) \[$writ\]\$|\1|p"
  done | sed 's/\..*//' | grep -E '^[A-Za-z_][A-Za-z0-9_]*$' | sort -u
} > "$root/cli/hot_functions.txt"
echo "cli/hot_functions.txt: $(grep -vc '^#' "$root/cli/hot_functions.txt") functions"
