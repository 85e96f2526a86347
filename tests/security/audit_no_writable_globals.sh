# The library libwrit.a is checked with nm for writable global or static data (B b D d: bss/data), which would be state shared by every VM in a process; safe: none. Constant tables of pointers, which PIC code (libwrit.a is PIC) keeps in .data.rel.ro, are read-only once relocated (RELRO) and do not count. It also proves its check can fail.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
lib=""
if [ -n "${WRIT:-}" ] && [ -f "$(dirname "$WRIT")/libwrit.a" ]; then
  lib="$(dirname "$WRIT")/libwrit.a"
elif [ -f "$here/build/release/libwrit.a" ]; then
  lib="$here/build/release/libwrit.a"
else
  echo "no libwrit.a next to \$WRIT or in build/release/"; exit 1
fi
command -v nm >/dev/null || { echo "nm is not installed"; exit 1; }

# writable LIB: list writable data symbols, ignoring the sanitizers' own
# instrumentation (ASan ODR indicators and similar), which is not program
# state. In a sanitized library clang also names UBSan's source-location
# records (which it marks as reported) __unnamed_N. nm's sysv format
# names each symbol's section: .data.rel.ro* is left out (see above).
# Prints "LIB:OBJECT: CLASS NAME" per symbol.
writable() {
  local san='__odr_asan[._]|__asan_|__ubsan_|__sancov_|__gcov|__llvm_gcov|__llvm_prf'
  if nm "$1" 2>/dev/null | grep -q __asan_init; then san="$san|__unnamed_[0-9]+\$"; fi
  nm -A --format=sysv "$1" 2>/dev/null | awk -F'|' '
    { c = $3; gsub(/ /, "", c); sec = $NF; gsub(/ /, "", sec); name = $1; sub(/ +$/, "", name) }
    c ~ /^[BbDd]$/ && sec !~ /^\.data\.rel\.ro/ {
      i = match(name, /:[^:]*$/); print substr(name, 1, i) " " c " " substr(name, i + 1)
    }' | grep -vE " ($san)"
}

# 1. Self-test: a library with a global counter and a static table must be caught.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cc_=${CC:-cc}
printf 'int counter;\nstatic int table[4] = {1, 2, 3, 4};\nint bump(int i) { counter++; return table[i & 3]++; }\nconst int fine = 3;\n' > "$tmp/evil.c"
if ! $cc_ -c -O1 -o "$tmp/evil.o" "$tmp/evil.c" 2>"$tmp/cc.err"; then
  echo "self-test: cannot compile: $(cat "$tmp/cc.err")"; exit 1
fi
ar rcs "$tmp/libevil.a" "$tmp/evil.o"
found=$(writable "$tmp/libevil.a")
echo "$found" | grep -q ' counter$' || { echo "self-test: a writable global (counter) was not detected: $found"; exit 1; }
echo "$found" | grep -q ' table$' || { echo "self-test: a writable static (table) was not detected: $found"; exit 1; }
echo "$found" | grep -q ' fine$' && { echo "self-test: a const was reported as writable: $found"; exit 1; }
# ... and, compiled as PIC, a table of pointers that is itself writable
# must be caught while a constant one (in .data.rel.ro) must not.
printf 'extern int f(int);\nint (*hooks[2])(int) = {f, f};\nint (*const fixed[2])(int) = {f, f};\nint call(int i) { return hooks[i & 1](i) + fixed[i & 1](i); }\n' > "$tmp/pic.c"
$cc_ -c -O1 -fPIC -o "$tmp/pic.o" "$tmp/pic.c" 2>"$tmp/cc.err" || { echo "self-test: cannot compile: $(cat "$tmp/cc.err")"; exit 1; }
ar rcs "$tmp/libpic.a" "$tmp/pic.o"
found=$(writable "$tmp/libpic.a")
echo "$found" | grep -q ' hooks$' || { echo "self-test: a writable PIC table (hooks) was not detected: $found"; exit 1; }
echo "$found" | grep -q ' fixed$' && { echo "self-test: a const PIC table was reported as writable: $found"; exit 1; }

# 2. The real library.
nm "$lib" >/dev/null 2>&1 || { echo "nm cannot read $lib"; exit 1; }
found=$(writable "$lib")
if [ -n "$found" ]; then
  echo "writable global/static data in $lib (shared by all VMs in a process):"
  echo "$found"
  exit 1
fi
exit 0
