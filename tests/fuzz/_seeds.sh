# Writes the seed corpora to $1 (make fuzz-build: build/fuzz/seeds), made
# afresh from the repository each time (nothing here is committed):
#   eval/  every tests/**/*.writ and examples/**/*.writ, one file each
#          (fuzz_eval, fuzz_eval_gc);
#   json/  tests/fuzz/seeds/json/* (hand-written), plus the string
#          literals the tests pass to json.parse("...") (unescaped) and the
#          JSON-looking `// expect:` lines of tests/stdlib/json/ (fuzz_json);
#   api/   fuzz_api's inputs are choices, not text: libFuzzer mostly
#          starts from nothing (its corpus grows in build/fuzz/corpus/);
#          a few streams written below start it on promises and turns.
# Named with a leading '_' so the test runner does not take it for a test.
# Needs only sh, find, grep, sed, awk (Debian's essential set).
set -eu
out=${1:?usage: _seeds.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rm -rf "$out/eval" "$out/json" "$out/api"
mkdir -p "$out/eval" "$out/json" "$out/api"

# eval: tests/language/basics/x.writ -> tests_language_basics_x.writ
find tests examples -name '*.writ' -type f | LC_ALL=C sort | while IFS= read -r f; do
  cp "$f" "$out/eval/$(printf '%s' "$f" | tr '/' '_')"
done

# json: the hand-written seeds
cp tests/fuzz/seeds/json/* "$out/json/"

# json: literals given to json.parse, with Writ's escapes undone (a literal
# with \u{...} or \0 is skipped), and expected JSON output lines.
{
  find tests examples -name '*.writ' -type f -exec grep -ohE 'json\.parse\("([^"\\]|\\.)*"' {} + |
    sed -E 's/^json\.parse\("//; s/"$//' | sed 's/^/P/'
  find tests/stdlib/json -name '*.writ' -type f -exec grep -ohE '// expect: [[{"0-9tfn-].*' {} + |
    sed 's|^// expect: |E|'
} | awk -v dir="$out/json" '
  function unescape(s,   r, i, c) {
    r = ""
    for (i = 1; i <= length(s); i++) {
      c = substr(s, i, 1)
      if (c != "\\") { r = r c; continue }
      c = substr(s, ++i, 1)
      if (c == "n") r = r "\n"
      else if (c == "t") r = r "\t"
      else if (c == "r") r = r "\r"
      else if (c == "\"" || c == "\\" || c == "\047") r = r c
      else return ""
    }
    return r
  }
  {
    kind = substr($0, 1, 1); text = substr($0, 2)
    if (kind == "P") text = unescape(text)
    if (text == "" || seen[text]++) next
    f = sprintf("%s/gen-%03d", dir, ++n)
    printf "%s", text > f
    close(f)
  }
  END { }'

# api: streams of choices that queue turns and deliver them, read as
# fuzz_api.c's op() reads them (octal bytes: 001 = eval, then workspace 0,
# module "m", flags, 1 = a snippet and its index; 023 = op_async, then 000
# promise_new, 002 settle, 004 run_turns, 006 the queue, 007 report, 010
# settle `_`; 022 000 003 = limit profile 3). They follow the harness's
# numbering of operations and snippets: when that changes they are merely
# other inputs.
api_seed() { # name, bytes as printf octal escapes
  # shellcheck disable=SC2059 # the bytes are the format
  printf "$2" >"$out/api/$1"
}
# promise() and when in a script, its turn delivered; promise_new, reject
# through the resolver, the queue read, an unhandled rejection reported.
api_seed async-when-reject-report '\001\000\000\000\001\050\023\004\000\001\023\006\000\023\000\005\007\023\002\001\005\000\001\002\023\006\000\023\004\000\001\023\007'
# A send that sends itself forever (ping), stopped by the fuel of profile 3.
api_seed async-ping-fuel '\001\000\000\000\001\066\022\000\003\023\004\000\001\023\006\000\023\004\003\001'
# A script hands h its promise and resolver: h resolves it from C and is
# refused writ_run_turns; the promise granted as v, when(v, ...) delivered.
api_seed async-host-resolves '\001\000\000\000\001\062\003\024\003\001\005\024\003\002\006\023\002\001\000\000\000\001\023\004\000\001\016\000\003\006\000\001\000\000\000\001\070\023\006\000\023\004\000\001\023\007'
# A REPL send (`box <- get()` becomes `_`), delivered, then `_` settled.
api_seed async-repl-settle-last '\001\000\000\002\001\061\023\004\000\001\023\010\000\000'

echo "$out: $(ls "$out/eval" | wc -l) eval seeds, $(ls "$out/json" | wc -l) json seeds, $(ls "$out/api" | wc -l) api seeds"
