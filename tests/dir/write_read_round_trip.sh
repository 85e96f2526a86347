# Text written comes back byte for byte: UTF-8, NUL bytes, a large file.
. "$(dirname "$0")/_lib.sh"
run --allow-write=root 'let d = sys.dir("root")
let t = "é—€😀\0tab\tend\n"
d.write("t.txt", t)
print(d.read("t.txt") == t)
let big = "0123456789abcdef".repeat(200000)
d.write("big.txt", big)
d.append("big.txt", "!")
let back = d.read("big.txt")
print(back.len(), back == big + "!")'
expect_out "true
3200001 true"
[ "$(wc -c < root/big.txt)" = 3200001 ] || fail "big.txt has the wrong size"
