# include/writ.h is usable as it is installed: alone, twice, as strict C99
# and as C++ (extern "C": a C++ host links against libwrit.a and runs Writ
# code). Every WRIT_ name and Writ type the header defines is used, found
# in the preprocessed header so that new ones are covered without editing
# this test. A machine without g++ fails here: a C++ host is a supported
# host (.ci/run installs g++).
. "$(dirname "$0")/_cc.sh"
fail() { echo "header: $*"; exit 1; }
command -v g++ >/dev/null 2>&1 || fail "g++ is not installed (apt-get install g++): the C++ check cannot run"
san=$SAN # from _cc.sh: the library's sanitizers
cwarn="-pedantic -Werror -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wshadow"
xwarn="-pedantic -Werror -Wall -Wextra -Wshadow"

# Alone and twice (the include guard).
printf '#include <writ.h>\n#include <writ.h>\n' > "$tmp/alone.c"
cp "$tmp/alone.c" "$tmp/alone.cc"
cc -std=c99 $cwarn -I"$root/include" -c "$tmp/alone.c" -o "$tmp/alone.o" 2>&1 || fail "writ.h alone is not C99"
for std in c++11 c++17; do
  g++ -std=$std $xwarn -I"$root/include" -c "$tmp/alone.cc" -o "$tmp/alone.o" 2>&1 || fail "writ.h alone is not $std"
done

# Every name: WRIT_ constants (macros and enumerators) through sizeof,
# types through a pointer (some are opaque). WRIT_H is the guard and
# WRIT_API/WRIT_BUILDING are for declarations only.
pre=$(printf '#include <writ.h>\n' | cc -E -dD -P -I"$root/include" -x c -)
consts=$(printf '%s\n' "$pre" | grep -o '\bWRIT_[A-Z0-9_]*\b' | sort -u | grep -vx 'WRIT_H\|WRIT_API\|WRIT_BUILDING')
types=$(printf '%s\n' "$pre" | grep -o '\bWrit[A-Z][A-Za-z0-9]*\b' | sort -u)
[ "$(printf '%s\n' "$consts" | wc -l)" -ge 20 ] && [ "$(printf '%s\n' "$types" | wc -l)" -ge 15 ] ||
  fail "too few names found in writ.h: $consts $types"
{
  echo '#include <writ.h>'
  echo 'int use_all(void);'
  echo 'int use_all(void) {'
  echo '  size_t n = 0;'
  for c in $consts; do echo "  n += sizeof($c);"; done
  for t in $types; do echo "  { $t *p = 0; n += (p == 0); }"; done
  echo '  return (int)n;'
  echo '}'
} > "$tmp/names.c"
cp "$tmp/names.c" "$tmp/names.cc"
cc -std=c99 $cwarn -I"$root/include" -c "$tmp/names.c" -o "$tmp/names.o" 2>&1 || fail "the names of writ.h are not C99"
for std in c++11 c++17; do
  g++ -std=$std $xwarn -I"$root/include" -c "$tmp/names.cc" -o "$tmp/names.o" 2>&1 || fail "the names of writ.h are not $std"
done

# A C++ host: the functions link with C names and work.
cat > "$tmp/host.cc" <<'CPP'
#include <writ.h>
#include <cstdio>
#include <cstring>
#include <string>

static std::string out;
static void on_write(void *, const char *text, size_t len) { out.append(text, len); }
static void on_error(void *, const WritDiagnostic *d) { std::printf("error: %s\n", d->message); }
static void add(WritCall *call) { writ_return_number(call, writ_arg_number(call, 1) + writ_arg_number(call, 2)); }

int main() {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = vm ? writ_workspace_new(vm) : nullptr;
  if (!ws) return 2;
  WritHandle *fn = writ_new_function(vm, "add", add, 2, 2);
  if (writ_grant(ws, "add", fn, 0) != WRIT_OK) return 3;
  const char *src = "let s = \"c++ \" + str(add(40, 2))\ns\n";
  WritStatus st = writ_eval(ws, "host", src, std::strlen(src), WRIT_EVAL_REPL);
  WritHandle *s = writ_get_variable(ws, "host", "s");
  const char *text = nullptr;
  size_t len = 0;
  if (writ_get_string(s, &text, &len) != WRIT_OK) return 4;
  std::printf("%d %.*s|%s", (int)st, (int)len, text, out.c_str());
  writ_release(s);
  writ_release(fn);
  writ_vm_free(vm);
  return 0;
}
CPP
for std in c++11 c++17; do
  $HOST_CXX -std=$std $xwarn -no-pie $san -I"$root/include" "$tmp/host.cc" "$lib" -lm -lpthread -o "$tmp/host" 2>&1 ||
    fail "a $std host does not build and link against $lib"
  got=$("$tmp/host") || fail "the $std host failed: $got"
  expected='0 c++ 42|"c++ 42"'
  [ "$got" = "$expected" ] || { echo "--- got"; echo "$got"; echo "--- expected"; echo "$expected"; exit 1; }
done
