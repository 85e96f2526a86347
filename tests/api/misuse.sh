# Every function of include/writ.h called wrongly (tests/api/_misuse.c):
# each gives its documented status, NULL or nothing, and nothing crashes,
# aborts or leaks (the asan build compiles this host with the sanitizers).
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_misuse.c" "$tmp/misuse"
out=$("$tmp/misuse" 2>&1) && [ -z "$out" ] || { echo "$out"; echo "misuse: failed"; exit 1; }
