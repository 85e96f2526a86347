# A directory holding a name that is not UTF-8 cannot be listed as
# strings: an error, not a mangled name.
. "$(dirname "$0")/_lib.sh"
: > "root/sub/bad$(printf '\xff')name"
run --allow-read=root 'let d = sys.dir("root")
print(d.list())
d.list("sub")'
expect_error "Dir.list: 'sub' holds a name that is not valid UTF-8"
[ "$out" = '["a.txt", "sub"]' ] || fail "expected the root listing first"
