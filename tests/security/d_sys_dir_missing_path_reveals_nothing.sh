# A missing path below a grant says so; a missing path elsewhere is just
# "not granted", so scripts learn nothing about what exists outside.
. "$(dirname "$0")/../dir/_lib.sh"
run --allow-read=root 'try { sys.dir("root/missing") } catch e { print(e.message()) }
try { sys.dir("outside") } catch e { print(e.message()) }
try { sys.dir("missing-elsewhere") } catch e { print(e.message()) }
try { sys.dir("root/../missing") } catch e { print(e.message()) }
try { sys.dir("root/a.txt") } catch e { print(e.message()) }'
expect_out "sys.dir: cannot open 'root/missing': no such file or directory
sys.dir: 'outside' is not granted (run with --allow-read=outside)
sys.dir: 'missing-elsewhere' is not granted (run with --allow-read=missing-elsewhere)
sys.dir: 'root/../missing' is not granted (run with --allow-read=root/../missing)
sys.dir: 'root/a.txt' is not a directory"
