# Without a grant, sys.dir refuses, echoing only the path the script gave.
. "$(dirname "$0")/_lib.sh"
run 'sys.dir("root")'
expect_error "sys.dir: 'root' is not granted (run with --allow-read=root)"
run --allow-read=root/sub 'sys.dir("root")'
expect_error "sys.dir: 'root' is not granted (run with --allow-read=root)"
run --allow-read=root 'sys.dir("root/../outside")'
expect_error "sys.dir: 'root/../outside' is not granted"
