# WRIT_EVAL_DISASM: an embedder's tool gets the bytecode listing without
# running anything (tests/api/_disasm.c).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_disasm.c" "$tmp/d"
out=$("$tmp/d")
expected="status 0, listing of inc: yes, ADDI: yes, ran: no
status 0, written yes
diag 1 unexpected '='
status 1, result NULL"
[ "$out" = "$expected" ] || { echo "got:"; echo "$out"; exit 1; }
