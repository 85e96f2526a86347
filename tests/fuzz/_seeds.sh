# Writes the seed corpora to $1 (make fuzz-build: build/fuzz/seeds), made
# afresh from the repository each time (nothing here is committed):
#   eval/  every tests/**/*.writ and examples/**/*.writ, one file each
#          (fuzz_eval, fuzz_eval_gc);
#   json/  tests/fuzz/seeds/json/* (hand-written), plus the string
#          literals the tests pass to json.parse("...") (unescaped) and the
#          JSON-looking `// expect:` lines of tests/stdlib/json/ (fuzz_json);
#   api/   empty: fuzz_api's inputs are choices, not text (libFuzzer
#          starts from nothing and its corpus grows in build/fuzz/corpus/).
# Named with a leading '_' so the test runner does not take it for a test.
# Needs only sh, find, grep, sed, awk (Debian's essential set).
set -eu
out=${1:?usage: _seeds.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rm -rf "$out/eval" "$out/json"
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

echo "$out: $(ls "$out/eval" | wc -l) eval seeds, $(ls "$out/json" | wc -l) json seeds"
