# The editor grammars are generated from the lexer (editors/gen.sh, run by
# `make editors`): the keyword and operator lists, numbers and names of
# editors/vscode/syntaxes/writ.tmLanguage.json and editors/vim/syntax/writ.vim
# (and the version in editors/vscode/package.json) come from
# lang/lexer.re, lang/ast.c and include/writ.h. The committed files must be
# what the script makes now. It first proves it can fail: from a copy of
# the lexer with a keyword and an operator planted, both grammars must come
# out different and hold them; with the keyword missing from the lexer's
# keyword table, the script must refuse.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
gen=$root/editors/gen.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }
generated="vscode/syntaxes/writ.tmLanguage.json vim/syntax/writ.vim vscode/package.json"

# 1. Self-test: a lexer with "spawn" (a keyword) and "|>" (an operator).
awk '{ print } /"finally" \{ TOK\(TK_FINALLY\); \}/ { print "  \"spawn\" { TOK(TK_SPAWN); }   \"|>\" { TOK(TK_PIPE); }" }' \
  "$root/lang/lexer.re" >"$tmp/planted.re"
grep -q TK_SPAWN "$tmp/planted.re" || fail "self-test: no \"finally\" rule in lang/lexer.re to plant after"
out=$(bash "$gen" -l "$tmp/planted.re" -o "$tmp/refused" 2>&1) &&
  fail "self-test: a keyword rule missing from lexer_keywords[] was accepted"
case $out in *"lexer_keywords[] and the keyword rules differ"*) ;; *) fail "self-test: not refused for the keyword table: $out" ;; esac
sed -i 's/"while", NULL};/"while", "spawn", NULL};/' "$tmp/planted.re"
grep -q '"spawn", NULL}' "$tmp/planted.re" || fail "self-test: lexer_keywords[] does not end with \"while\", NULL}"
bash "$gen" -l "$tmp/planted.re" -o "$tmp/planted" || fail "self-test: editors/gen.sh failed on the planted lexer"
grep -q '"match": "\\\\b(?:spawn)\\\\b", "name": "keyword.other.writ"' "$tmp/planted/vscode/syntaxes/writ.tmLanguage.json" ||
  fail "self-test: the planted keyword is not in the TextMate grammar"
grep -q '"match": "\\\\|>", "name": "keyword.operator.writ"' "$tmp/planted/vscode/syntaxes/writ.tmLanguage.json" ||
  fail "self-test: the planted operator is not in the TextMate grammar"
grep -q '^syn keyword writKeyword spawn$' "$tmp/planted/vim/syntax/writ.vim" ||
  fail "self-test: the planted keyword is not in the Vim syntax"
grep -qF '\||>\|' "$tmp/planted/vim/syntax/writ.vim" || fail "self-test: the planted operator is not in the Vim syntax"
for f in vscode/syntaxes/writ.tmLanguage.json vim/syntax/writ.vim; do
  cmp -s "$root/editors/$f" "$tmp/planted/$f" && fail "self-test: editors/$f did not change with the lexer"
done

# 2. The committed files against what the script makes now.
bash "$gen" -o "$tmp/now" || fail "editors/gen.sh failed"
st=0
for f in $generated; do
  if [ ! -f "$root/editors/$f" ]; then
    echo "editors/$f is missing"; st=1
  elif ! diff -u "$root/editors/$f" "$tmp/now/$f" >"$tmp/diff"; then
    head -40 "$tmp/diff"
    echo "editors/$f is not what editors/gen.sh makes now: run make editors (the lists come from lang/lexer.re; change editors/templates/, not the generated file)"
    st=1
  fi
done
exit $st
