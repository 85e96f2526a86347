# A grant given through a symlink covers the directory it resolves to,
# whichever way the script names it; paths are relative to the working
# directory and may be "." itself.
. "$(dirname "$0")/_lib.sh"
ln -s root alias
run --allow-read=alias 'print(sys.dir("alias").read("a.txt"), sys.dir("root").read("a.txt"))'
expect_out "hello hello"
cd root
run --allow-read=. 'print(sys.dir(".").list(), sys.dir("sub").list())'
expect_out '["a.txt", "err.txt", "out.txt", "sub", "t.writ"] []'
