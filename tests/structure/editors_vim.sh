# The Vim files of editors/vim/, in Vim with no vimrc and only them added
# to 'runtimepath' (editors/test/vimcheck.vim does the checking):
#   - *.writ gets filetype writ, the ftplugin's commentstring, and the
#     syntax loads without an error;
#   - the spots of editors/test/golden.writ (less its assertion lines) that
#     vimcheck.vim lists get their highlight groups: keywords, strings,
#     escapes, interpolation (nested), """ strings, numbers, comments,
#     @fields, operators;
#   - the indent file indents a sample as written;
#   - every .writ file under tests/, examples/ and bench/ is highlighted to
#     its end without an error, and one with no `// expect error` ends
#     outside every string, comment and interpolation.
# It first proves it can fail: a syntax file without the loop keywords, and
# one whose block comments never end, must fail.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }
command -v vim >/dev/null 2>&1 || fail "vim is not installed (apt-get install vim): the Vim syntax cannot be checked"

grep -vE '^[[:space:]]*//[[:space:]]*(\^+|<-)[[:space:]]' "$root/editors/test/golden.writ" >"$tmp/golden.writ"
find "$root/tests" "$root/examples" "$root/bench" -name '*.writ' | LC_ALL=C sort >"$tmp/all"
tr '\n' '\0' <"$tmp/all" | xargs -0 grep -lE '//[[:space:]]*expect error' | LC_ALL=C sort >"$tmp/errors"
awk 'NR == FNR { bad[$0] = 1; next } { print (($0 in bad) ? "invalid " : "valid ") $0 }' "$tmp/errors" "$tmp/all" >"$tmp/files"
[ "$(wc -l <"$tmp/files")" -gt 500 ] || fail "only $(wc -l <"$tmp/files") .writ files found"

# vimcheck RUNTIME FILES OUT: runs the checks with RUNTIME's Vim files.
vimcheck() {
  rm -f "$3"
  timeout 120 vim -N -u NONE -i NONE -es --cmd "set rtp^=$1" \
    --cmd "let g:golden = '$tmp/golden.writ' | let g:files = '$2' | let g:out = '$3'" \
    -S "$root/editors/test/vimcheck.vim" </dev/null >/dev/null 2>&1
  [ -f "$3" ] || echo "vim wrote no result (it failed or hung)" >"$3"
  [ "$(cat "$3")" = ok ]
}

# 1. Self-tests on copies of editors/vim/.
cp -r "$root/editors/vim" "$tmp/noloop"
sed -i '/^syn keyword writRepeat /d' "$tmp/noloop/syntax/writ.vim"
cmp -s "$root/editors/vim/syntax/writ.vim" "$tmp/noloop/syntax/writ.vim" && fail "self-test: no writRepeat line to take out"
vimcheck "$tmp/noloop" "$tmp/files" "$tmp/noloop.out" && fail "self-test: a syntax without the loop keywords passed"
grep -q 'wanted writRepeat' "$tmp/noloop.out" || fail "self-test: the loop keywords were not missed: $(cat "$tmp/noloop.out")"
cp -r "$root/editors/vim" "$tmp/nocomment"
sed -i 's|^syn region writBlockComment start=+/\\\*+ end=+\\\*/+|syn region writBlockComment start=+/\\*+ end=+NEVER+|' "$tmp/nocomment/syntax/writ.vim"
cmp -s "$root/editors/vim/syntax/writ.vim" "$tmp/nocomment/syntax/writ.vim" && fail "self-test: no block comment region to break"
echo "valid $tmp/golden.writ" >"$tmp/goldenlist"
vimcheck "$tmp/nocomment" "$tmp/goldenlist" "$tmp/nocomment.out" && fail "self-test: block comments that never end passed"
grep -q 'ends inside writBlockComment' "$tmp/nocomment.out" || fail "self-test: the open comment was not seen: $(cat "$tmp/nocomment.out")"

# 2. The real files.
vimcheck "$root/editors/vim" "$tmp/files" "$tmp/out" || { cat "$tmp/out"; exit 1; }
echo "vim: $(wc -l <"$tmp/files") files and the golden spots: ok"
