# The VS Code grammar (editors/vscode/syntaxes/writ.tmLanguage.json),
# tokenised as VS Code does: vscode-textmate on vscode-oniguruma, the npm
# packages of editors/test/ (installed here with npm ci when missing).
#   1. editors/test/golden.writ is valid Writ (writ --check, less its
#      assertion lines), and it and golden_errors.writ get the scopes their
#      assertion lines name: keywords, strings (escapes, interpolation,
#      nested, """), numbers, comments, @fields, operators.
#   2. Every .writ file under tests/, examples/ and bench/ tokenises without
#      an error and in reasonable time (a regex that backtracks shows here);
#      one that has no `// expect error` ends outside every string, comment
#      and interpolation and holds no invalid.illegal token.
# Then it proves it can fail: grammars broken on purpose must fail the
# golden lines or the files, and a planted slow regex the time limit.
# Needs node (Debian: nodejs; npm too when editors/test/node_modules is
# missing).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
t=$root/editors/test
grammar=$root/editors/vscode/syntaxes/writ.tmLanguage.json
WRIT=${WRIT:-$root/build/writ}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

command -v node >/dev/null 2>&1 ||
  fail "node is not installed (apt-get install nodejs npm): the VS Code grammar cannot be checked"

# The npm packages: installed beside, then renamed into place, so that two
# runs at once never see half a node_modules.
nm=$t/node_modules
if [ ! -f "$nm/vscode-textmate/package.json" ] || [ ! -f "$nm/vscode-oniguruma/package.json" ] ||
   [ "$t/package-lock.json" -nt "$nm/.package-lock.json" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is not installed (apt-get install npm): cannot install editors/test's packages"
  stage=$(mktemp -d "$t/.npm-ci.XXXXXX")
  cp "$t/package.json" "$t/package-lock.json" "$t/.npmrc" "$stage/"
  if ! (cd "$stage" && npm ci --no-audit --no-fund --loglevel=error) >"$tmp/npm.log" 2>&1; then
    cat "$tmp/npm.log"; rm -rf "$stage"
    fail "npm ci in editors/test failed (the npm registry must be reachable)"
  fi
  [ -d "$nm" ] && mv "$nm" "$stage/old"
  mv "$stage/node_modules" "$nm" || [ -f "$nm/vscode-textmate/package.json" ] || { rm -rf "$stage"; fail "could not put node_modules in place"; }
  rm -rf "$stage"
fi
tokenize() { node "$t/tokenize.js" "$@"; }

# Every .writ file, with "valid" when no annotation expects an error.
find "$root/tests" "$root/examples" "$root/bench" -name '*.writ' | LC_ALL=C sort >"$tmp/all"
tr '\n' '\0' <"$tmp/all" | xargs -0 grep -lE '//[[:space:]]*expect error' | LC_ALL=C sort >"$tmp/errors"
awk 'NR == FNR { bad[$0] = 1; next } { print (($0 in bad) ? "invalid " : "valid ") $0 }' "$tmp/errors" "$tmp/all" >"$tmp/files"
[ "$(wc -l <"$tmp/files")" -gt 500 ] || fail "only $(wc -l <"$tmp/files") .writ files found under tests/, examples/ and bench/"
grep -q '^valid .*/examples/hello.writ$' "$tmp/files" || fail "examples/hello.writ is not in the list as valid"

# 1. The golden sample is valid Writ (assertion lines aside).
tokenize --strip "$t/golden.writ" >"$tmp/golden.writ" || fail "tokenize.js --strip failed"
"$WRIT" --check "$tmp/golden.writ" || fail "editors/test/golden.writ (less its assertion lines) is not valid Writ"

# 2. The real grammar: the golden lines, then every file (the golden
#    samples first: they also pay for compiling the regexes).
timeout 120 node "$t/tokenize.js" --golden "$t/golden.writ" --golden "$t/golden_errors.writ" \
  --files "$tmp/files" --file-ms 5000 || exit 1

# 3. Self-tests. Each broken grammar is the real one with one rule undone;
#    it must fail, and say where.
broken() { # NAME SED-EXPRESSION EXPECTED-TEXT [ARGS...]: the grammar less a rule must fail
  local name=$1 expr=$2 want=$3 out
  shift 3
  sed "$expr" "$grammar" >"$tmp/$name.json"
  cmp -s "$grammar" "$tmp/$name.json" && fail "self-test $name: the sed expression changed nothing: $expr"
  out=$(tokenize --grammar "$tmp/$name.json" "$@") && fail "self-test $name: a broken grammar passed: $out"
  case $out in *"$want"*) ;; *) fail "self-test $name: the failure does not mention '$want': $out" ;; esac
}
golden=(--golden "$t/golden.writ")
# No nesting of parentheses inside \( ): the first ) ends the interpolation.
broken noparens 's/{ "include": "#interpolation-parens" }, //g' 'punctuation.section.embedded.end.writ' "${golden[@]}"
# The loop keywords lose their scope.
broken noloop 's/"keyword\.control\.loop\.writ"/"keyword.other.writ"/' 'wanted keyword.control.loop.writ' "${golden[@]}"
# Hexadecimal numbers are not numbers.
broken nohex 's/|0\[xX\]\[0-9a-fA-F_\]+//' 'wanted constant.numeric.writ' "${golden[@]}"
# Escapes are not recognised (each is invalid).
broken noescape 's/"name": "constant\.character\.escape\.writ"/"name": "invalid.illegal.escape.writ"/' 'wanted constant.character.escape.writ' "${golden[@]}"
# @fields are plain names.
broken nofield 's/"name": "variable\.other\.member\.writ"/"name": "variable.other.readwrite.writ"/' 'wanted variable.other.member.writ' "${golden[@]}"
# No comments.
broken nocomment 's/{ "include": "#comments" },//' 'wanted comment' "${golden[@]}"
# A """ string ends at the next quote.
broken triple 's/"end": "\\"\\"\\"",/"end": "\\"",/' 'string.quoted.triple.writ' "${golden[@]}"
# A block comment never ends: a valid file with one (the golden sample,
# less its assertion lines) must fail.
echo "valid $tmp/golden.writ" >"$tmp/goldenlist"
broken comment_files 's|"end": "\\\\\*/",|"end": "\\\\*/NEVER",|' 'ends inside comment.block.writ' --files "$tmp/goldenlist"
# A slow regex (exponential backtracking, cut off by Oniguruma's retry
# limit only after a long while) on a line made for it, against a low limit.
printf 'let x = %s\n' aaaaaaaaaaaaaaaaaaaaaac >"$tmp/slow.writ"
echo "valid $tmp/slow.writ" >"$tmp/slowlist"
# (The golden sample first takes the time of compiling the regexes.)
out=$(tokenize "${golden[@]}" --files "$tmp/slowlist" --file-ms 100) || fail "self-test slow: the real grammar fails: $out"
broken slow 's/"patterns": \[{ "include": "#expression" }\],/"patterns": [{ "match": "(?:a+a+)+(?=b)", "name": "comment.slow" }, { "include": "#expression" }],/' \
  'a regex that backtracks' "${golden[@]}" --files "$tmp/slowlist" --file-ms 100
echo "self-tests: 9 broken grammars failed as they should"
