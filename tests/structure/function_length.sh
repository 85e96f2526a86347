# No function is longer than 60 lines, except the two that are tables by
# nature: the dispatch loop (vm/vm.c execute) and the re2c rule table
# (lang/lexer.re scan). A function is counted from its definition line (at
# the left margin, ending in "{") to its closing "}" at the left margin.
# It first proves it can fail, on a planted long function.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
long_functions() { # files...
  for f in "$@"; do
    awk -v F="$f" '
      /^[A-Za-z_].*\) *\{$/ && !/^(typedef|struct|enum|union)/ { name = $0; start = NR; next }
      /^\}/ && start { len = NR - start + 1
        if (len > 60 && name !~ /[ *]execute\(/ && name !~ /[ *]scan\(/) printf "%s:%d: %d lines: %s\n", F, start, len, name
        start = 0 }' "$f"
  done
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{ echo "static int planted(void) {"; for i in $(seq 1 61); do echo "  (void)$i;"; done; echo "  return 0;"; echo "}"; } > "$tmp/long.c"
[ -n "$(long_functions "$tmp/long.c")" ] || { echo "self-test: a 64-line function was not found"; exit 1; }
cd "$root"
found=$(long_functions $(find api vm lang stdlib cli -name '*.c' 2>/dev/null | sort) lang/lexer.re)
[ -z "$found" ] || { echo "functions over 60 lines (split them):"; echo "$found"; exit 1; }
