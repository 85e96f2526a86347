# Dir.exists: true for files and directories, false for what is missing
# (and for "file/", which cannot be a directory).
. "$(dirname "$0")/_lib.sh"
run --allow-read=root 'let d = sys.dir("root")
print(d.exists("a.txt"), d.exists("sub"), d.exists("sub/"), d.exists("."))
print(d.exists("missing"), d.exists("sub/missing"), d.exists("a.txt/"), d.exists("a.txt/x"))'
expect_out 'true true true true
false false false false'
