# The compiler's output, checked: each tests/bytecode/NAME.writ (an ordinary
# test of its own behaviour too) must compile to exactly NAME.bytecode, the
# listing of `writ --disasm NAME.writ`. A compiler change that alters the
# code shows up here as a diff to read. When the change is intended, run
#   UPDATE=1 WRIT=build/writ bash tests/bytecode/golden.sh
# and commit the new listings with it.
set -u
case "$WRIT" in /*) ;; *) WRIT=$(pwd)/$WRIT ;; esac
cd "$(dirname "$0")"
n=0
bad=0
for src in *.writ; do
  n=$((n + 1))
  want=${src%.writ}.bytecode
  got=$("$WRIT" --disasm "$src" 2>&1) || { echo "$src: --disasm failed: $got"; bad=$((bad + 1)); continue; }
  if [ "${UPDATE:-}" = 1 ]; then
    printf '%s\n' "$got" > "$want"
    continue
  fi
  [ -f "$want" ] || { echo "$src: no $want (UPDATE=1 makes it)"; bad=$((bad + 1)); continue; }
  if [ "$got" != "$(cat "$want")" ]; then
    echo "$src: the bytecode changed:"
    diff <(printf '%s\n' "$got") "$want" | head -40
    bad=$((bad + 1))
  fi
done
[ "$n" -ge 20 ] || { echo "only $n cases: the folder lost some"; exit 1; }
[ "$bad" = 0 ]
