# writ_new_dir: a host mints read-only and writable Dirs for its own
# directories (tests/api/_new_dir.c): they work, stay inside, survive the
# collector while held, and their descriptors close when collected or when
# the VM is freed; paths that are not directories give NULL.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_new_dir.c" "$tmp/host"
w=$tmp/w
mkdir -p "$w/data/sub" "$w/other" "$w/rw" "$w/moving"
printf alpha > "$w/data/a.txt"
printf beta > "$w/data/sub/b.txt"
printf secret > "$w/other/secret.txt"
printf moved > "$w/moving/m.txt"
printf x > "$w/file.txt"
ln -s ../other "$w/data/out"
out=$(cd "$w" && "$tmp/host" "$w")
expected="missing: NULL ENOENT
a file: NULL ENOTDIR
NULL path: NULL EINVAL
NULL vm: NULL EINVAL
failures left open: 0
made 1 1 1, open +3, type 7
renamed 0
<Dir>
Dir
alpha
[\"a.txt\", \"out\", \"sub\"]
beta
Dir.write: this Dir is read-only
Dir.mkdir: this Dir is read-only
Dir.read: '../other/secret.txt' escapes the directory
Dir.read: 'sub/../../other/secret.txt' escapes the directory
Dir.read: 'out/secret.txt' escapes the directory
Dir.sub: '..' escapes the directory
Dir.read: '/etc/passwd': absolute paths are not allowed
Dir.write: this Dir is read-only
true
[\"hello.txt\", \"made\"]
alpha
moved
eval 0
rw/hello.txt: hi; data/new.txt exists: 0
held +1, after release and collect +0
open before free +3
open after free +0"
if [ "$out" != "$expected" ]; then
  diff <(echo "$out") <(echo "$expected")
  exit 1
fi
