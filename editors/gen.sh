#!/usr/bin/env bash
# Generates the editor grammars from the lexer (make editors):
#   editors/vscode/syntaxes/writ.tmLanguage.json  from templates/writ.tmLanguage.json.in
#   editors/vim/syntax/writ.vim                   from templates/writ.vim.in
#   editors/vscode/package.json                   from templates/package.json.in
# lang/lexer.re is the list: the keywords, the operators and punctuation,
# and the forms of numbers, names and @fields are read from its re2c rules
# (a rule `"while" { TOK(TK_WHILE); }` is a keyword, `"<-" { TOK(TK_SEND); }`
# an operator, the rules returning TK_NUMBER are the numbers), never typed
# here; so are the one-character string escapes, from escape() in
# lang/ast.c, and the version in package.json, from include/writ.h. What
# is typed here is how each token is coloured (the table below); a token
# the table does not name still gets a generic scope.
#   bash editors/gen.sh [-l LEXER] [-a AST_C] [-w WRIT_H] [-o OUTDIR]
# OUTDIR (default editors/) receives vscode/... and vim/...;
# tests/structure/editors_drift.sh generates into a temporary folder and
# compares. Needs bash, awk (POSIX: mawk will do), sed, sort.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
lexer=$root/lang/lexer.re
ast=$root/lang/ast.c
writh=$root/include/writ.h
out=$here
while getopts l:a:w:o: opt; do
  case $opt in
  l) lexer=$OPTARG ;;
  a) ast=$OPTARG ;;
  w) writh=$OPTARG ;;
  o) out=$OPTARG ;;
  *) echo "usage: gen.sh [-l LEXER] [-a AST_C] [-w WRIT_H] [-o OUTDIR]" >&2; exit 2 ;;
  esac
done
die() { echo "editors/gen.sh: $*" >&2; exit 1; }
[ -r "$lexer" ] || die "cannot read $lexer"
tmp=$(mktemp -d)
trap 'if [ -n "${GEN_KEEP:-}" ]; then echo "editors/gen.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi' EXIT

# How each token is coloured: TOKEN, TextMate scope, Vim group ("-": not
# highlighted in Vim; an operator is writOperator or -). A keyword missing here is keyword.other.writ and
# writKeyword; an operator, keyword.operator.writ and writOperator.
cat >"$tmp/table" <<'EOF'
TK_LET       storage.type.writ                          writStorage
TK_VAR       storage.type.writ                          writStorage
TK_FN        storage.type.function.writ                 writDefine
TK_CLASS     storage.type.class.writ                    writDefine
TK_IF        keyword.control.conditional.writ           writConditional
TK_ELSE      keyword.control.conditional.writ           writConditional
TK_WHILE     keyword.control.loop.writ                  writRepeat
TK_FOR       keyword.control.loop.writ                  writRepeat
TK_BREAK     keyword.control.flow.writ                  writStatement
TK_CONTINUE  keyword.control.flow.writ                  writStatement
TK_RETURN    keyword.control.flow.writ                  writStatement
TK_THROW     keyword.control.trycatch.writ              writException
TK_TRY       keyword.control.trycatch.writ              writException
TK_CATCH     keyword.control.trycatch.writ              writException
TK_FINALLY   keyword.control.trycatch.writ              writException
TK_IMPORT    keyword.control.import.writ                writInclude
TK_EXPORT    keyword.control.export.writ                writInclude
TK_AS        keyword.control.as.writ                    writInclude
TK_AND       keyword.operator.logical.writ              writOperatorWord
TK_OR        keyword.operator.logical.writ              writOperatorWord
TK_NOT       keyword.operator.logical.writ              writOperatorWord
TK_IN        keyword.operator.word.writ                 writOperatorWord
TK_IS        keyword.operator.word.writ                 writOperatorWord
TK_TRUE      constant.language.boolean.true.writ        writBoolean
TK_FALSE     constant.language.boolean.false.writ       writBoolean
TK_NIL       constant.language.nil.writ                 writNil
TK_SELF      variable.language.self.writ                writSelf
TK_SUPER     variable.language.super.writ               writSelf
TK_PLUS      keyword.operator.arithmetic.writ           writOperator
TK_MINUS     keyword.operator.arithmetic.writ           writOperator
TK_STAR      keyword.operator.arithmetic.writ           writOperator
TK_SLASH     keyword.operator.arithmetic.writ           writOperator
TK_PERCENT   keyword.operator.arithmetic.writ           writOperator
TK_POW       keyword.operator.arithmetic.writ           writOperator
TK_EQ        keyword.operator.comparison.writ           writOperator
TK_NE        keyword.operator.comparison.writ           writOperator
TK_LT        keyword.operator.comparison.writ           writOperator
TK_LE        keyword.operator.comparison.writ           writOperator
TK_GT        keyword.operator.comparison.writ           writOperator
TK_GE        keyword.operator.comparison.writ           writOperator
TK_ASSIGN    keyword.operator.assignment.writ           writOperator
TK_PLUSEQ    keyword.operator.assignment.compound.writ  writOperator
TK_MINUSEQ   keyword.operator.assignment.compound.writ  writOperator
TK_STAREQ    keyword.operator.assignment.compound.writ  writOperator
TK_SLASHEQ   keyword.operator.assignment.compound.writ  writOperator
TK_PERCENTEQ keyword.operator.assignment.compound.writ  writOperator
TK_BAND      keyword.operator.bitwise.writ              writOperator
TK_BOR       keyword.operator.bitwise.writ              writOperator
TK_BXOR      keyword.operator.bitwise.writ              writOperator
TK_BNOT      keyword.operator.bitwise.writ              writOperator
TK_SHL       keyword.operator.bitwise.writ              writOperator
TK_SHR       keyword.operator.bitwise.writ              writOperator
TK_DOTDOT    keyword.operator.range.writ                writOperator
TK_DOTDOTEQ  keyword.operator.range.writ                writOperator
TK_ELLIPSIS  keyword.operator.spread.writ               writOperator
TK_QUESTION  keyword.operator.ternary.writ              writOperator
TK_COLON     keyword.operator.colon.writ                writOperator
TK_ARROW     keyword.operator.arrow.writ                writOperator
TK_SEND      keyword.operator.send.writ                 writOperator
TK_COMMA     punctuation.separator.comma.writ           -
TK_DOT       punctuation.accessor.writ                  -
TK_SEMI      punctuation.terminator.statement.writ      -
TK_LPAREN    punctuation.section.parens.begin.writ      -
TK_RPAREN    punctuation.section.parens.end.writ        -
TK_LBRACKET  punctuation.section.brackets.begin.writ    -
TK_RBRACKET  punctuation.section.brackets.end.writ      -
TK_LBRACE    punctuation.section.braces.begin.writ      -
TK_RBRACE    punctuation.section.braces.end.writ        -
EOF

# 1. The re2c block, as records: "D name regex" for a definition
#    (dec = ...;), "R regex<TAB>action" for a rule (the action's braces
#    balanced, on one line). Comments between rules and re2c: settings
#    are skipped.
awk -v SQ="'" '
  /\/\*!re2c/ { on = 1; next }
  on { text = text $0 "\n" }
  END {
    n = length(text); i = 1
    while (i <= n) {
      c = substr(text, i, 1)
      if (c ~ /[ \t\n]/) { i++; continue }
      if (substr(text, i, 2) == "*/") exit          # the end of the block
      if (substr(text, i, 2) == "/*") {             # a comment between rules
        j = index(substr(text, i + 2), "*/"); if (!j) exit
        i += j + 3; continue
      }
      rest = substr(text, i)
      if (match(rest, /^re2c:[^;]*;/)) { i += RLENGTH; continue }
      if (match(rest, /^[A-Za-z_][A-Za-z0-9_]*[ \t]*=[^=>]/)) {   # a definition
        name = rest; sub(/[ \t]*=.*/, "", name)
        j = index(rest, "="); i += j
        re = scan_regex(";"); i++                   # past the ;
        printf "D\t%s\t%s\n", name, re
        continue
      }
      re = scan_regex("{")
      act = scan_action()
      printf "R\t%s\t%s\n", re, act
    }
  }
  # The regex from i up to STOP (outside quotes and classes); i is left on STOP.
  function scan_regex(stop,   re, c) {
    re = ""
    while (i <= n) {
      c = substr(text, i, 1)
      if (c == stop) break
      if (c == "\"" || c == SQ) { re = re quoted(c); continue }
      if (c == "[") {
        re = re c; i++
        if (substr(text, i, 1) == "^") { re = re "^"; i++ }
        while (i <= n && substr(text, i, 1) != "]") {
          if (substr(text, i, 1) == "\\") { re = re substr(text, i, 2); i += 2; continue }
          re = re substr(text, i, 1); i++
        }
        re = re "]"; i++; continue
      }
      if (c == "\n" || c == "\t") c = " "
      re = re c; i++
    }
    gsub(/^ +| +$/, "", re); gsub(/  +/, " ", re)
    return re
  }
  # A quoted literal from i (C or re2c), with its quotes and escapes.
  function quoted(q,   s, c) {
    s = q; i++
    while (i <= n) {
      c = substr(text, i, 1)
      if (c == "\\") { s = s substr(text, i, 2); i += 2; continue }
      s = s c; i++
      if (c == q) break
    }
    return s
  }
  # A rule action from the { at i to its matching }, braces in C strings
  # and characters ignored; returned on one line.
  function scan_action(   depth, s, c) {
    depth = 0; s = ""
    while (i <= n) {
      c = substr(text, i, 1)
      if (c == "\"" || c == SQ) { s = s quoted(c); continue }
      if (substr(text, i, 2) == "/*") { j = index(substr(text, i + 2), "*/"); i += j + 3; continue }
      if (c == "{") depth++
      if (c == "}") depth--
      if (c == "\n" || c == "\t") c = " "
      s = s c; i++
      if (depth == 0) break
    }
    gsub(/  +/, " ", s)
    return s
  }
' "$lexer" >"$tmp/records"

# 2. What each rule returns: "KIND TOKEN REGEX" with KIND keyword (a
#    lower-case word literal), op (another literal), or rule (anything
#    else that returns a token: numbers, names, fields).
awk -F'\t' '
  $1 == "D" { print "def", $2, $3; next }
  {
    re = $2; act = $3; tk = ""
    if (match(act, /TOK\(TK_[A-Z_]+\)/)) tk = substr(act, RSTART + 4, RLENGTH - 5)
    else if (match(act, /(open|close)_bracket\([^;]*TK_[A-Z_]+\)/)) {
      s = substr(act, RSTART, RLENGTH); match(s, /TK_[A-Z_]+/); tk = substr(s, RSTART, RLENGTH)
    }
    if (tk == "") next                              # errors, strings, comments, blanks
    if (re ~ /^"[a-z]+"$/) print "keyword", tk, substr(re, 2, length(re) - 2)
    else if (re ~ /^"[^"A-Za-z0-9_ \\]+"$/) print "op", tk, substr(re, 2, length(re) - 2)
    else print "rule", tk, re
  }
' "$tmp/records" >"$tmp/tokens"

grep -q '^keyword TK_WHILE while$' "$tmp/tokens" && grep -q '^op TK_SEND <-$' "$tmp/tokens" &&
  grep -q '^rule TK_NUMBER ' "$tmp/tokens" && grep -q '^rule TK_NAME ' "$tmp/tokens" &&
  grep -q '^rule TK_FIELD ' "$tmp/tokens" ||
  die "$lexer: the re2c rules were not found in the expected form (\"while\" { TOK(TK_WHILE); }, a TK_NUMBER rule, ...)"

# The lexer's keyword table (what the REPL and the API list) must be the
# keyword rules' words.
sed -n '/lexer_keywords\[\] = {/,/};/p' "$lexer" | grep -oE '"[a-z]+"' | tr -d '"' | sort >"$tmp/kw_table"
awk '$1 == "keyword" { print $3 }' "$tmp/tokens" | sort >"$tmp/kw_rules"
cmp -s "$tmp/kw_table" "$tmp/kw_rules" ||
  die "$lexer: lexer_keywords[] and the keyword rules differ: $(diff "$tmp/kw_table" "$tmp/kw_rules" | grep '^[<>]' | tr '\n' ' ')"
# Every token the table colours must still exist (a stale line hides a rename).
for tk in $(awk '{ print $1 }' "$tmp/table"); do
  grep -q " $tk " "$tmp/tokens" || die "the colour table names $tk, which $lexer does not return: update the table in editors/gen.sh"
done

# 3. The values: "NAME<TAB>VALUE" lines for inline placeholders, and
#    NAME.block files for whole-line ones. Regexes are translated from
#    re2c to Oniguruma (TextMate) and to Vim's very-magic syntax.
awk -v TABLE="$tmp/table" -v OUTDIR="$tmp" '
  BEGIN {
    while ((getline line < TABLE) > 0) {
      split(line, f, /[ \t]+/); scope[f[1]] = f[2]; vim[f[1]] = f[3]; order[++ntab] = f[1]
    }
  }
  $1 == "def" { d = $0; sub(/^def [^ ]+ /, "", d); def[$2] = d; next }
  $1 == "keyword" { nk++; kwtk[nk] = $2; kw[nk] = $3; word[$2] = $3; next }
  $1 == "op" { no++; optk[no] = $2; op[no] = $3; next }
  $1 == "rule" { r = $0; sub(/^rule [^ ]+ /, "", r); rules[$2] = rules[$2] (rules[$2] == "" ? "" : "\n") r; next }
  END {
    # Keywords: one pattern (TextMate) or line (Vim) per scope or group,
    # in the order the table first names them; the others after.
    for (k = 1; k <= ntab; k++) {
      t = order[k]
      if (!(scope[t] in tmrank)) tmrank[scope[t]] = k
      if (!(vim[t] in vimrank)) vimrank[vim[t]] = k
    }
    tmrank["keyword.other.writ"] = vimrank["writKeyword"] = ntab + 1
    for (k = 1; k <= nk; k++) {
      s = (kwtk[k] in scope) ? scope[kwtk[k]] : "keyword.other.writ"
      g = (kwtk[k] in vim) ? vim[kwtk[k]] : "writKeyword"
      if (s in tmwords) tmwords[s] = tmwords[s] "|" kw[k]
      else { tmorder[++ntm] = s; tmwords[s] = kw[k] }
      if (g in vimwords) vimwords[g] = vimwords[g] " " kw[k]
      else { vimorder[++nvim] = g; vimwords[g] = kw[k] }
      all = all (all == "" ? "" : "|") kw[k]
    }
    sort_by(tmorder, ntm, tmrank)
    sort_by(vimorder, nvim, vimrank)
    out = OUTDIR "/TM_KEYWORDS.block"
    for (k = 1; k <= ntm; k++)
      printf "{ \"match\": \"\\\\b(?:%s)\\\\b\", \"name\": \"%s\" }%s\n", tmwords[tmorder[k]], tmorder[k], k < ntm ? "," : "" > out
    out = OUTDIR "/VIM_KEYWORDS.block"
    for (k = 1; k <= nvim; k++) if (vimorder[k] != "-") printf "syn keyword %s %s\n", vimorder[k], vimwords[vimorder[k]] > out
    # Operators and punctuation, longest first (so ** before *, ..= before
    # .., <- before <): TextMate tries the patterns in order.
    for (k = 1; k <= no; k++) idx[k] = k
    for (a = 2; a <= no; a++)
      for (b = a; b > 1 && length(op[idx[b]]) > length(op[idx[b - 1]]); b--) { t = idx[b]; idx[b] = idx[b - 1]; idx[b - 1] = t }
    out = OUTDIR "/TM_OPERATORS.block"
    for (k = 1; k <= no; k++) {
      t = optk[idx[k]]; s = (t in scope) ? scope[t] : "keyword.operator.writ"
      printf "{ \"match\": \"%s\", \"name\": \"%s\" }%s\n", json(onig_literal(op[idx[k]])), s, k < no ? "," : "" > out
    }
    vimops = ""
    for (k = 1; k <= no; k++) {
      t = optk[idx[k]]; g = (t in vim) ? vim[t] : "writOperator"
      if (g == "-") continue
      if (g != "writOperator") fail("the table gives operator " t " the Vim group " g ": operators are writOperator or -")
      vimops = vimops (vimops == "" ? "" : "\\|") vim_literal(op[idx[k]])
    }
    printf "syn match writOperator \"\\V\\%%(%s\\)\"\n", vimops > (OUTDIR "/VIM_OPERATORS.block")
    # Numbers, names and fields: the rules returning them, translated.
    n = split(rules["TK_NUMBER"], nr, "\n"); tmnum = ""; vimnum = ""
    for (k = 1; k <= n; k++) {
      tmnum = tmnum (k > 1 ? "|" : "") translate(nr[k], "onig")
      vimnum = vimnum (k > 1 ? "|" : "") translate(nr[k], "vim")
    }
    vals = OUTDIR "/values"
    printf "TM_NUMBER\t%s\n", json("(?:" tmnum ")") > vals
    printf "TM_ID\t%s\n", json(translate(rules["TK_NAME"], "onig")) > vals
    printf "TM_FIELD\t%s\n", json(translate(rules["TK_FIELD"], "onig")) > vals
    printf "TM_ALL_KEYWORDS\t%s\n", all > vals
    printf "VIM_NUMBER\t%s\n", "%(" vimnum ")" > vals
    printf "VIM_ID\t%s\n", translate(rules["TK_NAME"], "vim") > vals
    printf "VIM_FIELD\t%s\n", translate(rules["TK_FIELD"], "vim") > vals
    groups = ""
    for (k = 1; k <= nvim; k++) if (vimorder[k] != "-") groups = groups "," vimorder[k]
    printf "VIM_KEYWORD_GROUPS\t%s\n", substr(groups, 2) > vals
    printf "TM_SCOPE_FN\t%s\n", scope["TK_FN"] > vals
    printf "TM_SCOPE_CLASS\t%s\n", scope["TK_CLASS"] > vals
    printf "VIM_GROUP_FN\t%s\n", vim["TK_FN"] > vals
    printf "VIM_GROUP_CLASS\t%s\n", vim["TK_CLASS"] > vals
    printf "KW_FN\t%s\n", word["TK_FN"] > vals
    printf "KW_CLASS\t%s\n", word["TK_CLASS"] > vals
  }
  # JSON string escaping, by hand (gsub treats backslashes in the
  # replacement differently in different awks).
  function json(s,   r, k, c) {
    r = ""
    for (k = 1; k <= length(s); k++) { c = substr(s, k, 1); r = r (c == "\\" || c == "\"" ? "\\" c : c) }
    return r
  }
  # Insertion sort of A[1..N] by RANK[A[i]], stable.
  function sort_by(A, N, RANK,   a, b, t) {
    for (a = 2; a <= N; a++)
      for (b = a; b > 1 && RANK[A[b]] < RANK[A[b - 1]]; b--) { t = A[b]; A[b] = A[b - 1]; A[b - 1] = t }
  }
  function onig_literal(s,   r, k, c) {
    r = ""
    for (k = 1; k <= length(s); k++) {
      c = substr(s, k, 1)
      r = r (c ~ /[A-Za-z0-9_ ]/ ? c : (c ~ /[.*+?()\[\]{}|^$\\]/ ? "\\" c : c))
    }
    return r
  }
  # Very nomagic (\V): only the backslash is special, and ^ (after \|, the
  # start of a line: written \%d94, its code); the pattern is written
  # between quotes.
  function vim_literal(s,   r, k, c) {
    r = ""
    for (k = 1; k <= length(s); k++) {
      c = substr(s, k, 1)
      if (c == "\"") fail("an operator with a double quote: " s)
      r = r (c == "\\" ? "\\\\" : c == "^" ? "\\%d94" : c)
    }
    return r
  }
  # A re2c regex (literals, [classes], definitions by name, ( ) ? * + |)
  # in Oniguruma or Vim very-magic syntax; anything else is refused.
  function translate(re, to,   r, p, c, s, q, name) {
    r = ""; p = 1
    while (p <= length(re)) {
      c = substr(re, p, 1)
      if (c == " ") { p++; continue }
      if (c == "\"") {
        s = ""; p++
        while (p <= length(re) && substr(re, p, 1) != "\"") {
          if (substr(re, p, 1) == "\\") fail("an escape in a literal of " re)
          s = s substr(re, p, 1); p++
        }
        p++
        r = r (to == "onig" ? onig_literal(s) : vim_very_magic(s))
        continue
      }
      if (c == "[") {
        q = index(substr(re, p), "]"); s = substr(re, p, q)
        if (s ~ /\\/ || s == "[^]") fail("a class this translator does not know in " re)
        r = r s; p += q; continue
      }
      if (c ~ /[A-Za-z_]/) {
        name = substr(re, p); match(name, /^[A-Za-z_][A-Za-z0-9_]*/); name = substr(name, 1, RLENGTH); p += RLENGTH
        if (!(name in def)) fail("an unknown definition " name " in " re)
        r = r (to == "onig" ? "(?:" : "%(") translate(def[name], to) ")"
        continue
      }
      if (c == "(") { r = r (to == "onig" ? "(?:" : "%("); p++; continue }
      if (c ~ /[)?*+|]/) { r = r c; p++; continue }
      fail("\"" c "\" in " re)
    }
    return r
  }
  function vim_very_magic(s,   r, k, c) {
    r = ""
    for (k = 1; k <= length(s); k++) { c = substr(s, k, 1); r = r (c ~ /[A-Za-z0-9_]/ ? c : "\\" c) }
    return r
  }
  function fail(msg) { print "editors/gen.sh: cannot translate the lexer: " msg > "/dev/stderr"; exit 1 }
' "$tmp/tokens"

# The one-character escapes lang/ast.c decodes (case 'n': *out = '\n'),
# as a character class's contents; \x and \u are in the templates.
esc=$(sed -n '/^static int escape(/,/^}/p' "$ast" | sed -n "s/^ *case '\(\\\\\)\{0,1\}\(.\)': \*out = .*/\2/p" | tr -d '\n')
case $esc in *n*t*) ;; *) die "$ast: the escapes of escape() were not found (case 'n': *out = '\\n'; ...)" ;; esac
# In a class: a backslash and a ] are escaped (the same in Oniguruma and Vim).
esc_class=$(printf '%s' "$esc" | sed 's/[]\\]/\\&/g')
printf 'ESCAPE_CHARS\t%s\n' "$esc_class" >>"$tmp/values"
printf 'TM_ESCAPE_CHARS\t%s\n' "$(printf '%s' "$esc_class" | sed 's/[\\"]/\\&/g')" >>"$tmp/values"

version=$(sed -n 's/^#define WRIT_VERSION_STRING "\(.*\)".*/\1/p' "$writh")
[ -n "$version" ] || die "no WRIT_VERSION_STRING in $writh"
printf 'VERSION\t%s\n' "$version" >>"$tmp/values"

# 4. The templates: a line holding only @NAME@ becomes NAME.block, each
#    line indented as the placeholder was; @NAME@ elsewhere becomes NAME's
#    value. An unknown name is an error.
fill() { # TEMPLATE OUTPUT
  mkdir -p "$(dirname "$2")"
  awk -v VALUES="$tmp/values" -v BLOCKS="$tmp" -v TEMPLATE="$1" '
    BEGIN { while ((getline l < VALUES) > 0) { k = index(l, "\t"); val[substr(l, 1, k - 1)] = substr(l, k + 1) } }
    /^[ \t]*@[A-Z_]+@[ \t]*$/ {
      ind = $0; sub(/@.*/, "", ind); name = $0; gsub(/[ \t@]/, "", name)
      f = BLOCKS "/" name ".block"; got = 0
      while ((getline l < f) > 0) { print ind l; got = 1 }
      if (!got) { print "editors/gen.sh: " TEMPLATE ": no values for @" name "@" > "/dev/stderr"; exit 1 }
      next
    }
    {
      line = $0; res = ""
      while (match(line, /@[A-Z_]+@/)) {
        name = substr(line, RSTART + 1, RLENGTH - 2)
        if (!(name in val)) { print "editors/gen.sh: " TEMPLATE ": unknown placeholder @" name "@" > "/dev/stderr"; exit 1 }
        res = res substr(line, 1, RSTART - 1) val[name]; line = substr(line, RSTART + RLENGTH)
      }
      print res line
    }
  ' "$1" >"$2.tmp" && mv "$2.tmp" "$2"
}
fill "$here/templates/writ.tmLanguage.json.in" "$out/vscode/syntaxes/writ.tmLanguage.json"
fill "$here/templates/writ.vim.in" "$out/vim/syntax/writ.vim"
fill "$here/templates/package.json.in" "$out/vscode/package.json"
