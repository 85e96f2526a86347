# A Dir prints as <Dir>, without its path, and its type is "Dir".
. "$(dirname "$0")/_lib.sh"
run --allow-read=root 'let d = sys.dir("root")
print(d, type(d), str(d), [d])
print(type(d.sub("sub")), type(d.readonly()))'
expect_out "<Dir> Dir <Dir> [<Dir>]
Dir Dir"
