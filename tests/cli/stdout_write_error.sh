# Output that cannot be written (/dev/full: no space left) ends with a
# message and status 1, as Python does, never silently with 0; a status
# the script chose (sys.exit(3)) stays.
set -u
[ -w /dev/full ] || { echo "no /dev/full here"; exit 1; }
err=$("$WRIT" -e 'print(1)' 2>&1 >/dev/full)
st=$?
[ "$st" = 1 ] || { echo "print: status $st"; exit 1; }
case "$err" in "writ: cannot write to standard output"*) ;; *) echo "print: message: $err"; exit 1 ;; esac
"$WRIT" -e 'print("x".repeat(100000))' >/dev/full 2>/dev/null
[ $? = 1 ] || { echo "long output: not 1"; exit 1; }
"$WRIT" -e 'sys.out.write("x")' >/dev/full 2>/dev/null
[ $? = 1 ] || { echo "sys.out.write: not 1"; exit 1; }
"$WRIT" -e 'print(1); sys.exit(3)' >/dev/full 2>/dev/null
[ $? = 3 ] || { echo "sys.exit(3): not 3"; exit 1; }
out=$("$WRIT" -e 'print(1)' 2>&1) && [ "$out" = 1 ] || { echo "normal output: $out"; exit 1; }
