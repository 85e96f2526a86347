# Four VMs on four threads and an interrupt from a fifth
# (tests/api/_threads.c), under ThreadSanitizer: any race fails the test.
# The library's sources (the Makefile's LIB_SRC and the re2c/lemon output
# in build/gen, so `make` must have run) are compiled into the test with
# -fsanitize=thread. Where clang's ThreadSanitizer cannot run (or with
# WRIT_THREADS_HELGRIND=1), the same test runs under valgrind's helgrind
# against the release library, without the interrupting thread (helgrind
# takes atomics for races).
. "$(dirname "$0")/_cc.sh"
fail() { echo "threads: $*"; exit 1; }
gen=$root/build/gen
[ -f "$gen/lexer.c" ] && [ -f "$gen/grammar.c" ] || fail "no $gen/lexer.c or grammar.c: run make first"

# Can clang build and run a ThreadSanitizer program here?
tsan_works() {
  command -v clang >/dev/null 2>&1 || return 1
  printf '#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n' > "$tmp/probe.c"
  clang -fsanitize=thread "$tmp/probe.c" -o "$tmp/probe" 2>/dev/null && "$tmp/probe" >/dev/null 2>&1
}

if [ "${WRIT_THREADS_HELGRIND:-}" != 1 ] && tsan_works; then
  # As the Makefile's LIB_SRC: api, vm, lang (but a stale lang/lexer.c),
  # stdlib, stdlib/host, plus the generated lexer and parser (twice: below).
  srcs=$(cd "$root" && ls api/*.c vm/*.c lang/*.c stdlib/*.c stdlib/host/*.c | grep -vx 'lang/lexer.c')
  mkdir "$tmp/obj"
  flags="-std=c11 -O1 -g -fsanitize=thread -D_POSIX_C_SOURCE=200809L -DWRIT_BUILDING -I$root -I$gen"
  # shellcheck disable=SC2086
  (cd "$root" && printf '%s\n' $srcs "$gen/lexer.c" "$gen/grammar.c" |
    xargs -P 2 -I{} sh -c 'clang '"$flags"' -c "$1" -o "$2/$(echo "$1" | tr / _).o"' _ {} "$tmp/obj") ||
    fail "the library does not build with -fsanitize=thread"
  # The deep parser: grammar.c again (the Makefile's grammar_deep.o).
  (cd "$root" && clang $flags -DNDEBUG -DWRIT_DEEP_PARSER -c "$gen/grammar.c" -o "$tmp/obj/grammar_deep.o") ||
    fail "the deep parser does not build with -fsanitize=thread"
  clang -std=c99 -pedantic -Wall -Wextra -Werror -O1 -g -fsanitize=thread -I"$root/include" \
    "$root/tests/api/_threads.c" "$tmp"/obj/*.o -lm -lpthread -o "$tmp/threads" || fail "the test does not build"
  st=0
  out=$(TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}" "$tmp/threads" 2>&1) || st=$?
  [ "$st" = 0 ] || { echo "$out"; fail "exit $st (66: ThreadSanitizer found a race)"; }
elif command -v valgrind >/dev/null 2>&1; then
  # helgrind cannot run ASan code: always the release library.
  rel=$root/build/release/libwrit.a
  [ -f "$rel" ] || fail "no $rel: run make first"
  cc -std=c99 -pedantic -Wall -Wextra -Werror -g -no-pie -I"$root/include" "$root/tests/api/_threads.c" "$rel" \
    -lm -lpthread -o "$tmp/threads" || fail "the test does not build"
  st=0
  # helgrind does not know atomics: the interrupting thread stays out.
  out=$(valgrind -q --tool=helgrind --error-exitcode=66 "$tmp/threads" no-interrupt 2>&1) || st=$?
  [ "$st" = 0 ] || { echo "$out"; fail "exit $st (66: helgrind found a race)"; }
else
  fail "neither clang with ThreadSanitizer nor valgrind is usable (apt-get install clang)"
fi
[ -z "$out" ] || { echo "$out"; fail "unexpected output"; }
