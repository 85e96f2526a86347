# Dir.list gives the names sorted by their bytes, without "." and "..";
# list(path) lists a directory below; an empty directory gives [].
. "$(dirname "$0")/_lib.sh"
for n in b B 10 9 .hidden é z_last; do : > "root/sub/$n"; done
mkdir root/sub/dir root/empty
run --allow-read=root 'let d = sys.dir("root")
print(d.list())
print(d.list("sub"))
print(d.list("empty"))
print(str(d.sub("sub").list()) == str(d.list("sub/")))'
expect_out '["a.txt", "empty", "sub"]
[".hidden", "10", "9", "B", "b", "dir", "z_last", "é"]
[]
true'
