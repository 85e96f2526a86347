# When grants overlap, sys.dir uses the one with the most rights.
. "$(dirname "$0")/_lib.sh"
run --allow-read=root --allow-write=root/sub 'sys.dir("root/sub").write("w.txt", "ok")
print(sys.dir("root/sub").read("w.txt"))
try { sys.dir("root").write("x", "") } catch e { print(e.message()) }'
expect_out "ok
Dir.write: this Dir is read-only (run with --allow-write=root to allow changes)"
run --allow-write=root --allow-read=root/sub 'sys.dir("root/sub").write("v.txt", "ok")
print(sys.dir("root/sub").read("v.txt"))'
expect_out "ok"
