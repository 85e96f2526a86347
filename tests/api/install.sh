# make install into a staging DESTDIR puts every file in place; the shared
# library has its soname and exports only writ_* symbols; a C host builds
# against the installed copy with pkg-config (shared) and against the
# installed libwrit.a (static), and both run Writ code; the man page renders
# and documents every option `writ -h` lists. Installs the build mode of
# $WRIT (build/<mode>/writ), release if it is not under build/.
# shellcheck shell=bash disable=SC2046,SC2015
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: $*"; exit 1; }

mode=$(basename "$(dirname "$(readlink -f "$WRIT")")")
case "$mode" in release|asan|gc|debug) ;; *) mode=release ;; esac
command -v pkg-config >/dev/null || fail "pkg-config is not installed (apt-get install pkg-config)"

# A make started from inside `make test` must not inherit its jobserver or
# its command-line variables.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
  make -C "$root" install MODE="$mode" PREFIX=/usr DESTDIR="$tmp" >"$tmp/make.log" 2>&1 ||
  { cat "$tmp/make.log"; fail "make install failed"; }

major=$(sed -n 's/^#define WRIT_VERSION_MAJOR \([0-9][0-9]*\).*/\1/p' "$root/include/writ.h")
version=$(sed -n 's/^#define WRIT_VERSION_STRING "\(.*\)".*/\1/p' "$root/include/writ.h")
[ -n "$major" ] || fail "no WRIT_VERSION_MAJOR in include/writ.h"
u=$tmp/usr
for f in bin/writ lib/libwrit.a lib/libwrit.so.$major lib/libwrit.so include/writ.h \
         lib/pkgconfig/writ.pc share/man/man1/writ.1; do
  [ -f "$u/$f" ] || fail "$f was not installed"
done
[ -x "$u/bin/writ" ] || fail "bin/writ is not executable"
[ "$(readlink "$u/lib/libwrit.so")" = "libwrit.so.$major" ] || fail "lib/libwrit.so is not a link to libwrit.so.$major"
cmp -s "$root/include/writ.h" "$u/include/writ.h" || fail "the installed writ.h differs from include/writ.h"
out=$("$u/bin/writ" -e 'print(6 * 7)') && [ "$out" = 42 ] || fail "installed writ: '$out'"

# The shared library: soname and exports.
soname=$(readelf -d "$u/lib/libwrit.so.$major" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libwrit.so.$major" ] || fail "soname is '$soname', expected libwrit.so.$major"
nm -D --defined-only "$u/lib/libwrit.so.$major" | grep -q ' writ_eval$' || fail "writ_eval is not exported"
extra=$(nm -D --defined-only "$u/lib/libwrit.so.$major" | grep -v ' writ_' || true)
[ -z "$extra" ] || fail "exported symbols other than writ_*:
$extra"

# writ.pc: the prefix make install was given, relocatable with
# --define-variable (the staged copy is not under /usr).
export PKG_CONFIG_LIBDIR=$u/lib/pkgconfig PKG_CONFIG_PATH=
[ "$(pkg-config --variable=prefix writ)" = /usr ] || fail "writ.pc prefix: $(pkg-config --variable=prefix writ)"
[ "$(pkg-config --modversion writ)" = "$version" ] || fail "writ.pc version: $(pkg-config --modversion writ)"
pc() { pkg-config --define-variable=prefix="$u" "$@" writ; }
case "$(pc --cflags) $(pc --libs)" in
  *"-I$u/include"*"-L$u/lib -lwrit"*) ;;
  *) fail "pkg-config gives: $(pc --cflags) $(pc --libs)" ;;
esac
case "$(pc --static --libs)" in *-lm*) ;; *) fail "pkg-config --static lacks -lm" ;; esac

# A host: evaluates a line as the REPL would, so the value comes back
# through config.write (print belongs to a main script granted sys).
cat > "$tmp/host.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <writ.h>
static void on_write(void *ud, const char *s, size_t n) { fwrite(s, 1, n, (FILE *)ud); }
static void on_error(void *ud, const WritDiagnostic *d) { fprintf(stderr, "error: %s\n", d->message); }
int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  cfg.user_data = stdout;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = vm ? writ_workspace_new(vm) : NULL;
  if (!ws) return 2;
  const char *src = "\"writ \" + str([1, 2, 3].map(fn(x) => x * 7).len() * 14)\n";
  WritStatus st = writ_eval(ws, "host", src, strlen(src), WRIT_EVAL_REPL);
  printf("status %d version %s\n", (int)st, WRIT_VERSION_STRING);
  writ_vm_free(vm);
  return st == WRIT_OK ? 0 : 1;
}
C
. "$root/tests/_toolchain.sh"
host_toolchain "$u/lib/libwrit.a"
san=$SAN
expected="\"writ 42\"
status 0 version $version"

$HOST_CC -std=c99 -Wall $san -o "$tmp/host" "$tmp/host.c" $(pc --cflags --libs) 2>"$tmp/cc.log" ||
  { cat "$tmp/cc.log"; fail "the host does not build with pkg-config"; }
readelf -d "$tmp/host" | grep -q "NEEDED.*\[libwrit.so.$major\]" || fail "the host does not need libwrit.so.$major"
out=$(LD_LIBRARY_PATH=$u/lib "$tmp/host" 2>&1) || fail "shared host failed: $out"
[ "$out" = "$expected" ] || fail "shared host printed: $out"
case "$(LD_LIBRARY_PATH=$u/lib ldd "$tmp/host")" in
  *"libwrit.so.$major => $u/lib/libwrit.so.$major"*) ;;
  *) fail "the host did not load the installed libwrit.so.$major" ;;
esac

# Static: the installed libwrit.a (PIC), with the compiler's default flags.
$HOST_CC -std=c99 -Wall $san -o "$tmp/host-static" "$tmp/host.c" $(pc --cflags) \
  "$(pc --variable=libdir)/libwrit.a" $(pc --static --libs-only-l | sed 's/-lwrit//') 2>"$tmp/cc.log" ||
  { cat "$tmp/cc.log"; fail "the host does not build against libwrit.a"; }
readelf -d "$tmp/host-static" | grep -q 'NEEDED.*libwrit' && fail "the static host needs libwrit.so"
out=$("$tmp/host-static" 2>&1) || fail "static host failed: $out"
[ "$out" = "$expected" ] || fail "static host printed: $out"

# The man page: the sections it must have, every option of `writ -h`,
# and (where man is installed) a clean rendering.
page=$u/share/man/man1/writ.1
for s in NAME SYNOPSIS DESCRIPTION OPTIONS CAPABILITIES "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  grep -q "^\.SH \"*$s\"*\$" "$page" || fail "writ.1 has no $s section"
done
text=$(sed 's/\\-/-/g' "$page")
opts=$("$WRIT" -h | sed -n 's/^  \(-[^ ]*\(, -[^ ]*\)*\).*/\1/p' | tr ',' '\n' | sed 's/=.*//; s/ //g')
[ -n "$opts" ] || fail "no options found in writ -h"
for o in $opts; do
  printf '%s\n' "$text" | grep -qE -- "(^|[^-a-zA-Z])$o([^-a-zA-Z]|\$)" || fail "writ.1 does not document $o"
done
if command -v man >/dev/null 2>&1; then
  warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man cannot render writ.1"
  [ -z "$warn" ] || fail "man warns about writ.1: $warn"
fi
echo "installed $mode $version: writ, libwrit.a, libwrit.so.$major, writ.h, writ.pc, writ.1"
