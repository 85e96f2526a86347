# --allow-read/--allow-write need =PATH naming an existing directory or
# regular file (not a symlink to a file, a FIFO or a device: exit status
# 2), may be repeated, and are listed in writ -h.
. "$(dirname "$0")/_lib.sh"
ln -s a.txt root/link.txt
mkfifo root/pipe
for bad in --allow-read --allow-read= --allow-write=missing --allow-read=root/link.txt --allow-write=root/pipe \
  --allow-read=/dev/null --allow-read=root/a.txt/; do
  "$WRIT" "$bad" -e 'print(1)' > out.txt 2> err.txt
  s=$?
  [ "$s" = 2 ] || { echo "$bad: exit status $s, expected 2"; exit 1; }
  grep -q "^writ: --allow-" err.txt || { echo "$bad: stderr: $(cat err.txt)"; exit 1; }
done
"$WRIT" --allow-read=root --allow-read=outside -e 'print(sys.dir("outside").read("secret.txt").len())' > out.txt 2>&1
[ "$(cat out.txt)" = 10 ] || { echo "repeated flags: $(cat out.txt)"; exit 1; }
"$WRIT" -h > out.txt
grep -q -- "--allow-read=DIR" out.txt && grep -q -- "--allow-write=DIR" out.txt || { echo "help: $(cat out.txt)"; exit 1; }
