# examples/dir_list.writ: the exact listing of a small granted tree (sizes,
# kinds, times in UTC; -r walks into directories, and a symlink is listed
# as a link, not followed), and without a grant a friendly message and
# exit status 0 (as `make test` runs every example, with no grant).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/t/docs/old"
printf 'hello\n' > "$tmp/t/a.txt"
head -c 2048 /dev/zero | tr '\0' x > "$tmp/t/docs/big.txt"
ln -s a.txt "$tmp/t/link"
for p in a.txt docs/big.txt docs/old docs .; do touch -d '2024-03-05 14:07:09 UTC' "$tmp/t/$p"; done
touch -h -d '2024-03-06 09:00:00 UTC' "$tmp/t/link"

cd "$tmp/t"
"$WRIT" --allow-read=. "$root/examples/dir_list.writ" -r > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 0 ] || { echo "exit status $status: $(head -c 300 "$tmp/err")"; exit 1; }
[ -s "$tmp/err" ] && { echo "stderr: $(head -c 300 "$tmp/err")"; exit 1; }
cat > "$tmp/want" <<'LIST'
a.txt                                          6 B  2024-03-05 14:07
docs/                                          dir  2024-03-05 14:07
docs/big.txt                                2.0 KB  2024-03-05 14:07
docs/old/                                      dir  2024-03-05 14:07
link                                          link  2024-03-06 09:00
2 files, 2.0 KB
LIST
diff "$tmp/want" "$tmp/out" || { echo "-r: the listing differs (< expected, > got)"; exit 1; }

"$WRIT" --allow-read=. "$root/examples/dir_list.writ" docs > "$tmp/out" 2>&1
[ "$(head -1 "$tmp/out")" = 'big.txt                                     2.0 KB  2024-03-05 14:07' ] &&
  [ "$(tail -1 "$tmp/out")" = '1 file, 2.0 KB' ] || { echo "docs:"; cat "$tmp/out"; exit 1; }

"$WRIT" "$root/examples/dir_list.writ" 3 < "$root/README.md" > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 0 ] || { echo "no grant: exit status $status: $(head -c 300 "$tmp/err")"; exit 1; }
grep -qx "dir_list: sys.dir: '3' is not granted (run with --allow-read=3)" "$tmp/out" ||
  { echo "no grant:"; cat "$tmp/out" "$tmp/err"; exit 1; }
exit 0
