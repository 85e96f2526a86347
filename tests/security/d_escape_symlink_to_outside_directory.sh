# A symlink to a directory outside cannot be read, listed or opened through.
. "$(dirname "$0")/../dir/_lib.sh"
ln -s ../outside root/door
ln -s "$tmp/outside" root/absdoor
for mode in "${MODES[@]}"; do
  for door in door absdoor; do
    run $mode --allow-write=root 'let d = sys.dir("root")
try { print(d.read("'$door'/secret.txt")) } catch e { print("refused") }
try { print(d.list("'$door'")) } catch e { print("refused") }
try { print(d.list("'$door'/")) } catch e { print("refused") }
try { print(d.sub("'$door'").list()) } catch e { print("refused") }
try { print(d.exists("'$door'/secret.txt")) } catch e { print("refused") }
try { print(sys.dir("root/'$door'")) } catch e { print("refused") }'
    expect_out "refused
refused
refused
refused
refused
refused"
  done
done
