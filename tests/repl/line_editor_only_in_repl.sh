# Running a script never maps the line editor: writ does not link it
# (ldd lists no libreadline, libtinfo or libedit) and the loader opens none
# while a script or -e code runs (LD_DEBUG=libs). The REPL opens it when
# it starts, after the program has begun (its loader log names it after
# "transferring control"), and editing works: Up recalls the last input.
. "$(dirname "$0")/_lib.sh"
die() { echo "FAIL: $*"; exit 1; }
editors='lib(readline|tinfo|edit)\.so'
lib=$(grep -a -o -E 'lib(readline|edit)\.so\.[0-9]+' "$WRIT" | head -1)
[ -n "$lib" ] || die "$WRIT names no line editor to load (a LINE_EDIT=plain build?)"

needed=$(ldd "$WRIT") || die "ldd $WRIT failed: $needed"
if grep -qE "$editors" <<<"$needed"; then die "writ links its line editor:
$needed"; fi

# runs WHAT...: writ WHAT prints 42 and its loader log names no editor.
runs() {
  local log
  log=$(LD_DEBUG=libs "$WRIT" "$@" 2>&1) || die "writ $* failed: $log"
  grep -qx 42 <<<"$log" || die "writ $* did not print 42: $log"
  grep -q 'find library=libc\.so' <<<"$log" || die "LD_DEBUG=libs logged nothing for writ $*: $log"
  if grep -qE "$editors" <<<"$log"; then die "writ $* loaded its line editor:
$(grep -E "$editors" <<<"$log")"; fi
}
echo 'print(6 * 7)' > "$tmp/s.writ"
runs "$tmp/s.writ"
runs -e 'print(6 * 7)'

repl_start LD_DEBUG=libs "LD_DEBUG_OUTPUT=$tmp/ld" --
expect_prompts 1
line '6 * 7'
expect '42'
key Up
expect_count '> 6 * 7' 2
key Enter
expect_count '42' 2
key C-d
expect_exit 0
cat "$tmp"/ld.* > "$tmp/ld.log" 2>/dev/null || fail "no loader log in $tmp/ld.*"
started=$(grep -n 'transferring control: .*writ' "$tmp/ld.log" | head -1 | cut -d: -f1)
loaded=$(grep -n "find library=$lib" "$tmp/ld.log" | head -1 | cut -d: -f1)
[ -n "$started" ] || fail "the loader log does not show writ starting"
[ -n "$loaded" ] || fail "the REPL did not load $lib"
[ "$loaded" -gt "$started" ] || fail "$lib was loaded with the program (line $loaded), not by the REPL (after line $started)"
