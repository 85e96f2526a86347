# A script argument that is not UTF-8 cannot become a string of sys.args:
# the message names the argument (not a granted directory), status 2, and
# the script does not run.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 'print("ran")' > "$tmp/s.writ"
out=$("$WRIT" "$tmp/s.writ" ok $'\xff\xfe' 2>&1)
st=$?
[ "$st" = 2 ] || { echo "status $st, expected 2: $out"; exit 1; }
case "$out" in
  "writ: argument 2 for the script is not valid UTF-8 text (sys.args holds strings)") ;;
  *) echo "message: $out"; exit 1 ;;
esac
out=$("$WRIT" "$tmp/s.writ" "héllo" 2>&1) && [ "$out" = ran ] || { echo "valid UTF-8 refused: $out"; exit 1; }
