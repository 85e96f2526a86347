# --check reports syntax errors without running; `writ -` runs stdin.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'print("ran")\n' > "$tmp/ok.writ"
out=$("$WRIT" --check "$tmp/ok.writ" 2>&1); [ $? = 0 ] && [ -z "$out" ] || { echo "check ok: $out"; exit 1; }
printf 'print("ran")\nlet = 3\n' > "$tmp/bad.writ"
err=$("$WRIT" --check "$tmp/bad.writ" 2>&1); [ $? = 1 ] || { echo "check bad: status"; exit 1; }
case "$err" in *"bad.writ:2:5: error: unexpected '='"*) ;; *) echo "check bad: $err"; exit 1 ;; esac
case "$err" in *ran*) echo "--check ran the script"; exit 1 ;; esac
out=$(printf 'print(sys.args, 1 + 1)\n' | "$WRIT" - a b); [ "$out" = '["a", "b"] 2' ] || { echo "stdin: $out"; exit 1; }
