# A single-file grant: sys.file gives a File with read, readLines (split
# as lines() splits), size, and with --allow-write write and append. It
# prints as <File>; its type is "File".
. "$(dirname "$0")/_lib.sh"
printf 'one\ntwo\r\n\nthree\n' > root/notes.txt
printf 'x' > log.txt
run --allow-read=root/notes.txt --allow-write=log.txt 'let n = sys.file("root/notes.txt")
print(n, type(n), n.size(), n.readLines(), n.read().len())
let log = sys.file("log.txt")
log.append("y\n")
print(log.read(), log.size())
log.write("fresh")
print(log.readLines(), log.size())
log.write("")
print(log.readLines(), log.read() == "", log.size())'
expect_out '<File> File 16 ["one", "two", "", "three"] 16
xy
 3
["fresh"] 5
[] true 0'
[ ! -s log.txt ] || fail "log.txt not empty"
