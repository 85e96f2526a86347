# -A grants every directory, read and write (and sys.env still).
. "$(dirname "$0")/_lib.sh"
run -A 'let d = sys.dir("root")
d.write("w.txt", "written")
print(d.read("w.txt"), sys.dir("/").exists("tmp"), sys.env != nil)'
expect_out "written true true"
