# sys.dir accepts a path equal to or below a grant, by whole components
# (a grant of root does not cover root2), relative or absolute, and
# spelled any way that resolves inside.
. "$(dirname "$0")/_lib.sh"
mkdir root2
: > root2/other
run --allow-read=root 'print(sys.dir("root").list())
print(sys.dir("root/sub").list())
print(sys.dir("./root//sub/../").list())
print(sys.dir("'"$tmp"'/root").read("a.txt"))
try { sys.dir("root2") } catch e { print(e.message()) }
try { sys.dir("root/..") } catch e { print(e.message()) }'
expect_out "[\"a.txt\", \"sub\"]
[]
[\"a.txt\", \"sub\"]
hello
sys.dir: 'root2' is not granted (run with --allow-read=root2)
sys.dir: 'root/..' is not granted (run with --allow-read=root/..)"
