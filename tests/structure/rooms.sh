# The rooms' dependencies are their include lines, and they follow the
# room map (tests/structure/_rooms.sh says which edges are allowed; the
# map itself is in docs/internals.md). It first proves it can fail: a copy
# of the sources with a planted wrong-way include must be refused.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/structure/_rooms.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 1. Self-test: vm reaching into stdlib, and a bare include, are caught.
for d in api vm lang stdlib cli include; do [ -d "$root/$d" ] && cp -r "$root/$d" "$tmp/"; done
printf '#include "stdlib/wstdlib.h"\n' >> "$tmp/vm/gc.c"
printf '#include "table.h"\n' >> "$tmp/lang/parse.c"
out=$(check_rooms "$tmp") && { echo "self-test: a planted vm -> stdlib include passed"; exit 1; }
case "$out" in *"vm may not depend on stdlib"*) ;; *) echo "self-test: not reported: $out"; exit 1 ;; esac
case "$out" in *'"table.h" does not name its room'*) ;; *) echo "self-test: bare include not reported: $out"; exit 1 ;; esac
# 2. The real sources: the include edges, and a header for every file.
st=0
check_rooms "$root" || st=1
check_headers "$root" || st=1
exit $st
