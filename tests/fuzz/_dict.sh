# Writes the libFuzzer dictionary for the eval harnesses to $1 (make
# fuzz-build: build/fuzz/writ.dict), generated from the sources so that it
# cannot drift from them:
#   - every token the lexer matches literally (lang/lexer.re: the quoted
#     strings that begin its re2c rules: keywords, operators, brackets,
#     comment and string openers) and its keyword table;
#   - every built-in name: the NativeReg tables of stdlib/*.c (functions
#     and methods), the standard modules' names (vm_native_module), their
#     constants (module_export), the primordial class names (vm/state.c)
#     and the other natives made by name (native_new).
# Named with a leading '_' so the test runner does not take it for a test.
# Needs only sh, grep, sed, sort (Debian's essential set).
set -eu
out=${1:?usage: _dict.sh OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p "$(dirname "$out")"
tmp=$out.tmp

{
  # The re2c block of the lexer: between "/*!re2c" and the line "*/". A
  # rule's literal is a quoted string at the start of a line or right
  # after the previous rule's closing brace.
  sed -n '/\/\*!re2c/,/^[[:space:]]*\*\/[[:space:]]*$/p' lang/lexer.re |
    grep -oE '(^|\})[[:space:]]*"([^"\\]|\\.)*"' |
    sed -E 's/^\}?[[:space:]]*"//; s/"$//'
  # Rules that begin with a one-character class, like the string's ["].
  sed -n '/\/\*!re2c/,/^[[:space:]]*\*\/[[:space:]]*$/p' lang/lexer.re |
    grep -oE '^[[:space:]]*\[[^]^\\]\]' | sed -E 's/^[[:space:]]*\[(.)\]$/\1/'
  # The keyword table (also what writ_keyword lists).
  sed -n '/lexer_keywords\[\] = {/,/};/p' lang/lexer.re | grep -oE '"[a-z]+"' | tr -d '"'
  # Built-in functions and methods: {"name", fn, min, max} in NativeReg tables.
  # The host capabilities' WritMethod tables too (stdlib/host: Dir, File,
  # sys.out, ...), and tables written on one line (awk, not a sed range,
  # which would run past a table that ends where it starts).
  for f in stdlib/*.c stdlib/host/*.c vm/*.c; do
    awk '/(NativeReg|WritMethod) [A-Za-z_]*\[\] = \{/ { on = 1 } on { print } on && /\};/ { on = 0 }' "$f"
  done | grep -oE '\{"[A-Za-z_][A-Za-z0-9_]*",' | sed -E 's/^\{"//; s/",$//'
  # Modules, constants, classes and natives made by name.
  grep -hoE '(vm_native_module|primordial|native_new)\(vm, "[A-Za-z_][A-Za-z0-9_]*"' vm/*.c stdlib/*.c |
    sed -E 's/.*"([^"]*)"$/\1/'
  grep -hoE 'module_export\(vm, [a-z]+, "[A-Za-z_][A-Za-z0-9_]*"' vm/*.c stdlib/*.c | sed -E 's/.*"([^"]*)"$/\1/'
  # format()'s mini-language (stdlib/format.c): the field forms, and each
  # code of its type table as a spec.
  printf '%s\n' '"""' '{}' '{0}' '{:' '!r' '{{' '}}' ':>' ':<' ':^' ':=' ':+' ':#' ':0' ':,' ':_' '.2' '\('
  sed -n 's/.*strchr("\([A-Za-z%]*\)", t).*/\1/p' stdlib/format.c | grep -o . | sed 's/^/{:/; s/$/}/'
} | LC_ALL=C sort -u | {
  n=0
  while IFS= read -r tok; do
    case $tok in
    '' | *'\x00'*) continue ;;       # the NUL that ends the input
    '\n') tok='\x0A' ;;               # the newline rule
    '\(') tok='\\(' ;;                 # an interpolation (a backslash, escaped)
    *'\'*) continue ;;                # no other escapes expected
    esac
    # libFuzzer's format: name="value", with \ and " escaped.
    printf 'kw%d="%s"\n' "$n" "$(printf '%s' "$tok" | sed 's/"/\\"/g')"
    n=$((n + 1))
  done
} >"$tmp"

# A dictionary that lost its keywords or operators means the sources'
# layout changed under this script: fail loudly rather than fuzz blind.
for must in '"\""' '"let"' '"while"' '"=>"' '"..="' '"<<"' '"push"' '"stringify"' '"revocable"' '"Workspace"' '"format"' '"{:f}"' '"walk"' '"readLines"'; do
  grep -qF -- "$must" "$tmp" || { echo "_dict.sh: $must missing from the generated dictionary" >&2; exit 1; }
done
mv "$tmp" "$out"
echo "$out: $(wc -l <"$out") entries"
