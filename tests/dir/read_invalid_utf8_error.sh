# A file whose bytes are not UTF-8 cannot be read as text.
. "$(dirname "$0")/_lib.sh"
printf 'ok\xff\xfe' > root/bin.dat
run --allow-read=root 'sys.dir("root").read("bin.dat")'
expect_error "Dir.read: 'bin.dat' is not valid UTF-8 text"
