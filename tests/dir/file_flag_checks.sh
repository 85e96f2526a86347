# --allow-read=FILE must name the regular file itself: a symlink to a file
# is refused when writ starts (exit status 2, saying why), as is a FIFO; a
# directory stays a directory grant (sys.dir, not sys.file), and the help
# lists the file form.
. "$(dirname "$0")/_lib.sh"
ln -s a.txt root/link.txt
mkfifo root/pipe
"$WRIT" --allow-read=root/link.txt -e 'print(1)' > out.txt 2> err.txt
[ $? = 2 ] || fail "a symlink to a file: not exit status 2"
grep -q "^writ: --allow-read=root/link.txt: a symlink to a file (grant the file itself" err.txt || fail "message: $(cat err.txt)"
"$WRIT" --allow-write=root/pipe -e 'print(1)' > out.txt 2> err.txt
[ $? = 2 ] && grep -q "not a directory or a regular file" err.txt || fail "a FIFO: $(cat err.txt)"
run --allow-read=root 'try { sys.file("root") } catch e { print(e.message()) }
try { sys.dir("root/a.txt") } catch e { print(e.message()) }'
expect_out "sys.file: 'root' is not granted (run with --allow-read=root)
sys.dir: 'root/a.txt' is not a directory"
run --allow-read=root/a.txt 'try { sys.dir("root") } catch e { print(e.message()) }
print(sys.file("a.txt").read())'
expect_out "sys.dir: 'root' is not granted (run with --allow-read=root)
hello"
"$WRIT" -h | grep -q -- "--allow-read=FILE" || fail "writ -h does not list --allow-read=FILE"
