# The granted file is replaced, while the script runs, by a symlink to a
# file outside (relative or absolute): every File method refuses it (the
# name is opened with O_NOFOLLOW each time) and the outside file is
# neither read nor changed.
. "$(dirname "$0")/../dir/_lib.sh"
cat > t.writ <<'W'
let f = sys.file("root/a.txt")
sys.err.write("ready\n")
sys.in.readLine()
for c in [fn() => f.read(), fn() => f.readLines(), fn() => f.size(), fn() => f.write("x"), fn() => f.append("x")] {
  try { print("DID", c()) } catch e { print(e.message()) }
}
W
for target in ../outside/secret.txt "$tmp/outside/secret.txt"; do
  rm -f root/a.txt; printf hello > root/a.txt
  rm -f ctl; mkfifo ctl
  timeout 20 "$WRIT" --allow-write=root/a.txt t.writ < ctl > out.txt 2> err.txt &
  pid=$!
  exec 3> ctl
  for _ in $(seq 1 200); do grep -q ready err.txt && break; sleep 0.05; done
  grep -q ready err.txt || fail "writ did not start: $(cat err.txt)"
  rm root/a.txt
  ln -s "$target" root/a.txt
  echo go >&3
  exec 3>&-
  wait "$pid"
  out=$(cat out.txt)
  case "$out" in *DID*|*TOP-SECRET*) fail "a method went through the symlink" ;; esac
  sym="too many levels of symlinks, or a symlink that is not followed"
  [ "$out" = "File.read: cannot read 'root/a.txt': $sym
File.readLines: cannot read 'root/a.txt': $sym
File.size: cannot read 'root/a.txt': $sym
File.write: cannot write 'root/a.txt': $sym
File.append: cannot append to 'root/a.txt': $sym" ] || fail "messages"
  outside_untouched
done
