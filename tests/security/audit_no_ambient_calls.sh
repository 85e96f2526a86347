# The core (lang/ vm/ include/ and stdlib/ except stdlib/host/) is scanned for calls that reach the outside world (files, clock, randomness, environment, processes, network, native loading, the process's std streams); safe: none, so the core acts only through capabilities. Self-contained (no ../shared); it also proves its scanner can fail.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
calls='fopen|freopen|fdopen|open|openat|openat2|creat|opendir|fdopendir|readdir|stat|lstat|fstatat|access|faccessat|unlink|unlinkat|remove|rename|renameat|mkdir|mkdirat|rmdir|symlink|readlink|chdir|chmod|truncate|system|popen|fork|vfork|execl|execlp|execle|execv|execvp|execve|posix_spawn|getenv|secure_getenv|setenv|putenv|time|clock|clock_gettime|gettimeofday|localtime|gmtime|rand|srand|random|srandom|drand48|getrandom|arc4random|socket|connect|bind|listen|accept|dlopen|dlsym|printf|puts|putchar|perror|fputs|fputc|fwrite|getchar|fgets|scanf|isatty|signal|sigaction|kill|raise|exit|_exit'

command -v perl >/dev/null || { echo "perl is needed to strip C comments"; exit 1; }
# strip_c FILE: the file without comments and with empty string/char literals,
# line numbers unchanged.
strip_c() {
  perl -0777 -pe 's{(/\*.*?\*/)|(//[^\n]*)|("(?:\\.|[^"\\\n])*")|(\x27(?:\\.|[^\x27\\\n])*\x27)}{defined $1 ? " " . ("\n" x ($1 =~ tr/\n//)) : defined $2 ? "" : defined $3 ? "\"\"" : "0"}gse' "$1"
}

# scan DIR: print one line per finding under DIR; exit 1 if any, 2 if no sources.
scan() (
  cd "$1" || exit 2
  files=$(find lang vm include stdlib -type f \( -name '*.c' -o -name '*.h' -o -name '*.re' -o -name '*.y' \) \
          -not -path 'stdlib/host/*' 2>/dev/null | sort)
  [ -n "$files" ] || { echo "no sources under lang/ vm/ include/ stdlib/ in $1"; exit 2; }
  found=0
  for f in $files; do
    # Drop comments (block comments across lines too) and string/char
    # literals, keeping line numbers.
    clean=$(strip_c "$f")
    out=$(printf '%s\n' "$clean" |
          grep -nE "(^|[^A-Za-z0-9_.>])($calls)[[:space:]]*\(" |
          grep -vE '^[0-9]+:[[:space:]]*#[[:space:]]*define')
    out2=$(printf '%s\n' "$clean" | grep -nE '\b(stdout|stderr|stdin)\b')
    for o in "$out" "$out2"; do
      [ -n "$o" ] || continue
      while IFS= read -r line; do
        echo "$f:${line%%:*}: ${line#*:}"
        found=$((found + 1))
      done <<< "$o"
    done
  done
  [ "$found" = 0 ]
)

# 1. The scanner must catch an injected call: copy a small tree, add getenv()
#    and stdout to vm/, and the same calls to stdlib/host/ (where they are allowed).
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/t/vm" "$tmp/t/lang" "$tmp/t/stdlib/host" "$tmp/t/include"
printf 'int ok(void) { return 1; } /* getenv("X") in a comment */\n// time(NULL) in a comment\nconst char *s = "fopen(";\n' > "$tmp/t/vm/clean.c"
printf '/* a comment that can raise (or\n * exit( across lines */\nint fine(void) { return 0; }\n' > "$tmp/t/vm/comment.c"
printf '#include <stdlib.h>\nint grab(void) { return getenv("HOME") != 0; }\n' > "$tmp/t/vm/evil.c"
printf '#include <stdio.h>\nvoid say(void) { fputs("x", stdout); }\n' > "$tmp/t/lang/evil2.c"
printf '#include <stdlib.h>\nint host(void) { return getenv("HOME") != 0; }\n' > "$tmp/t/stdlib/host/allowed.c"
report=$(scan "$tmp/t")
st=$?
[ "$st" = 1 ] || { echo "self-test: the scanner missed injected calls (status $st): $report"; exit 1; }
echo "$report" | grep -q '^vm/evil.c:2: .*getenv' || { echo "self-test: getenv( in vm/ not reported: $report"; exit 1; }
echo "$report" | grep -q '^lang/evil2.c:2: .*stdout' || { echo "self-test: stdout in lang/ not reported: $report"; exit 1; }
echo "$report" | grep -q 'allowed.c\|clean.c\|comment.c' && { echo "self-test: false positive: $report"; exit 1; }
[ "$(echo "$report" | wc -l)" -ge 3 ] || { echo "self-test: expected getenv, fputs and stdout findings: $report"; exit 1; }

# 2. The real tree must be clean.
report=$(scan "$root")
st=$?
if [ "$st" != 0 ]; then
  echo "outside-world calls in the core (allowed only in stdlib/host/ and cli/):"
  echo "$report"
  exit 1
fi
exit 0
