# The compiled core (every object in libwrit.a except those built from stdlib/host/) is checked with nm for references to OS functions and std streams (files, clock, randomness, environment, processes, network, native loading); safe: none, whatever the source text looks like (macros, generated code). It also proves its check can fail.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
lib=""
if [ -n "${WRIT:-}" ] && [ -f "$(dirname "$WRIT")/libwrit.a" ]; then lib="$(dirname "$WRIT")/libwrit.a"
elif [ -f "$here/build/release/libwrit.a" ]; then lib="$here/build/release/libwrit.a"
else echo "no libwrit.a next to \$WRIT or in build/release/"; exit 1; fi
command -v nm >/dev/null || { echo "nm is not installed"; exit 1; }
calls='fopen|fopen64|freopen|fdopen|open|open64|openat|openat2|creat|opendir|fdopendir|readdir|readdir64|stat|stat64|lstat|fstatat|access|faccessat|unlink|unlinkat|remove|rename|renameat|mkdir|mkdirat|rmdir|symlink|readlink|chdir|chmod|truncate|system|popen|fork|vfork|execl|execlp|execle|execv|execvp|execve|posix_spawn|getenv|secure_getenv|setenv|putenv|environ|__environ|time|clock|clock_gettime|gettimeofday|localtime|gmtime|rand|srand|random|srandom|drand48|getrandom|arc4random|socket|connect|bind|listen|accept|dlopen|dlsym|printf|puts|putchar|perror|fputs|fputc|fwrite|getchar|fgets|scanf|isatty|signal|sigaction|kill|raise|exit|_exit|syscall|read|write|stdout|stderr|stdin|fflush|getc|fread|fprintf|vfprintf|vprintf|dprintf|putc|fputs_unlocked|fwrite_unlocked|__printf_chk|__fprintf_chk|__vfprintf_chk|__vprintf_chk|__dprintf_chk'
# hostobjs: basenames of the objects built from stdlib/host/*.c (allowed).
hostobjs=$(cd "$here" && for f in stdlib/host/*.c; do [ -f "$f" ] && basename "${f%.c}.o"; done | sort)
# offending LIB: "object: symbol" for OS symbols used by non-host objects
# (one awk pass: a process per symbol took a minute on a loaded machine).
offending() {
  nm -A "$1" 2>/dev/null | awk -v host="$hostobjs" -v calls="^($calls)\$" '
    BEGIN { n = split(host, h, "\n"); for (i = 1; i <= n; i++) isHost[h[i]] = 1 }
    $(NF-1) == "U" {
      k = split($1, p, ":"); obj = p[k-1]; sym = $NF; sub(/@.*/, "", sym)
      if (!(obj in isHost) && sym ~ calls) print obj ": " sym
    }'
}
# 1. Self-test: an object that calls getenv and writes to stdout must be caught.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '#include <stdio.h>\n#include <stdlib.h>\nint peek(void) { fputs("x", stdout); return getenv("HOME") != 0; }\n' > "$tmp/evilcore.c"
${CC:-cc} -c -O1 -o "$tmp/evilcore.o" "$tmp/evilcore.c" 2>"$tmp/cc.err" || { echo "self-test: cannot compile: $(cat "$tmp/cc.err")"; exit 1; }
ar rcs "$tmp/libevil.a" "$tmp/evilcore.o"
found=$(offending "$tmp/libevil.a")
echo "$found" | grep -q '^evilcore.o: getenv$' || { echo "self-test: getenv not detected: $found"; exit 1; }
echo "$found" | grep -q '^evilcore.o: stdout$' || { echo "self-test: stdout not detected: $found"; exit 1; }
# 2. The real library.
[ -n "$hostobjs" ] || { echo "no stdlib/host/*.c found under $here"; exit 1; }
found=$(offending "$lib")
if [ -n "$found" ]; then
  echo "core objects in $lib reference outside-world functions:"; echo "$found"; exit 1
fi
exit 0
