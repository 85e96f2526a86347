# examples/plugin-host: the host builds from include/writ.h alone and prints
# exactly the output its README shows (the ```text block, after the command
# line): a plugin working, one refused another's data, one stopped for fuel,
# one for memory, the host going on after each.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/examples/plugin-host/host.c" "$tmp/plugin-host"
readme=$root/examples/plugin-host/README.md
expected=$(awk '/^```text$/ { on = 1; getline; next } /^```$/ { on = 0 } on' "$readme")
[ -n "$expected" ] || { echo "no expected output in $readme"; exit 1; }
out=$(cd "$root" && "$tmp/plugin-host" examples/plugin-host/plugins)
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
