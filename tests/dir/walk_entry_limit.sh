# walk() returns at most 100 000 paths: a bigger tree is an error, found
# while the directory is read (not after building the whole list).
. "$(dirname "$0")/_lib.sh"
mkdir root/many
(cd root/many && seq 1 100000 | xargs touch)
run --allow-read=root 'print(sys.dir("root").walk("many").len())'
expect_out "100000"
touch root/many/one-more
run --allow-read=root 'sys.dir("root").walk("many")'
expect_error "Dir.walk: more than 100000 entries (the limit)"
run --allow-read=root 'print(sys.dir("root").walk().len())'
expect_error "Dir.walk: more than 100000 entries (the limit)"
