# libwrit.a links into a host built with the compiler's default flags: no
# -no-pie, so on Debian (gcc defaults to PIE) a position-independent
# executable, which a non-PIC archive cannot go into ("relocation
# R_X86_64_32 ... recompile with -fPIE"). The host is built plain and with
# -fPIE -pie spelled out (so a compiler that defaults to non-PIE still
# tests the PIE link), and both run Writ code (tests/api/_pie_host.c). It
# first proves the -pie link refuses non-PIC code, and last that the writ
# command itself stays a non-PIE executable (built -fno-pie for speed).
. "$(dirname "$0")/_cc.sh"
fail() { echo "pie_host: $*"; exit 1; }
src=$root/tests/api/_pie_host.c
version=$(sed -n 's/^#define WRIT_VERSION_STRING "\(.*\)".*/\1/p' "$root/include/writ.h")

# Self-test: the same host compiled -fno-pie must not link as PIE.
$HOST_CC -std=c99 -fno-pie $SAN -I"$root/include" -c "$src" -o "$tmp/nopic.o" || fail "cannot compile $src"
if $HOST_CC -fPIE -pie $SAN "$tmp/nopic.o" "$lib" -lm -o "$tmp/nopic" 2>/dev/null; then
  fail "self-test: a -fno-pie object linked into a PIE: this test would not see a non-PIC libwrit.a"
fi

for flags in "" "-fPIE -pie"; do
  how="$HOST_CC ${flags:-(default flags)}"
  # shellcheck disable=SC2086
  $HOST_CC -std=c99 -Wall -Wextra -Werror $flags $SAN -I"$root/include" "$src" "$lib" -lm -o "$tmp/host" \
    2>"$tmp/cc.log" || { cat "$tmp/cc.log"; fail "a host built with $how does not link against $lib"; }
  case "$flags" in *-pie*)
    readelf -h "$tmp/host" | grep -q 'Type:.*DYN' || fail "-pie did not give a position-independent executable" ;;
  esac
  out=$("$tmp/host" 2>&1) || fail "the host built with $how exited $?: $out"
  { [ "$(printf '%s\n' "$out" | sed -n 1,2p)" = "84
status 0" ] && printf '%s\n' "$out" | sed -n 3p | grep -q '^error .*index' &&
    [ "$(printf '%s\n' "$out" | sed -n '4,$p')" = "runtime error 1 version $version" ]; } ||
    fail "the host built with $how printed:
$out"
done
readelf -h "$WRIT" | grep -q 'Type:.*EXEC' || fail "$WRIT is no longer a non-PIE executable"
