# Dir.read returns a file's text exactly: newlines, UTF-8, an empty file.
. "$(dirname "$0")/_lib.sh"
printf 'line one\nligne deux — é\n' > root/text.txt
: > root/empty.txt
run --allow-read=root 'let d = sys.dir("root")
print(d.read("a.txt"))
let t = d.read("text.txt")
print(t.len(), t == "line one\nligne deux — é\n")
print(d.read("empty.txt") == "")
print(d.read("./sub/../a.txt"))'
expect_out 'hello
24 true
true
hello'
