# Writing over a directory is an error that leaves it alone.
. "$(dirname "$0")/_lib.sh"
: > root/sub/keep
run --allow-write=root 'sys.dir("root").write("sub", "x")'
expect_error "Dir.write: cannot write 'sub': is a directory"
[ -e root/sub/keep ] || fail "root/sub changed"
