# A module's exported names from C (writ_module_exports): a plugin's, more
# REPL input's, an imported module's by its canonical name, none, a failed
# module's, unknown and freed (tests/api/_module_exports.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_module_exports.c" "$tmp/host"
out=$("$tmp/host")
expected=$(cat <<'OUT'
plugin: Widget counter name onLoad
  Widget is a class
  counter is a number
  name is a string
  onLoad is a function
plugin again: Widget counter name onLoad onUnload
lib/shapes.writ: area version
member names: area version
main:
shapes (the path, not the name): NULL
nowhere: NULL
diag: stop
eval half: runtime error
half: before
other plugin: NULL
freed: NULL
OUT
)
if [ "$out" != "$expected" ]; then
  echo "--- got"; echo "$out"; echo "--- expected"; echo "$expected"
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
