# Bad usage exits 2 with a message: unknown option, missing -e code,
# a script file that does not exist.
set -u
"$WRIT" --nope >/dev/null 2>&1; [ $? = 2 ] || { echo "unknown option: not 2"; exit 1; }
"$WRIT" -e >/dev/null 2>&1; [ $? = 2 ] || { echo "-e without code: not 2"; exit 1; }
err=$("$WRIT" /nonexistent/x.writ 2>&1); [ $? = 2 ] || { echo "missing file: not 2"; exit 1; }
case "$err" in *"cannot open /nonexistent/x.writ"*) ;; *) echo "message: $err"; exit 1 ;; esac
out=$("$WRIT" --version); case "$out" in "writ "[0-9]*) ;; *) echo "version: $out"; exit 1 ;; esac
"$WRIT" --help | grep -q "usage: writ" || { echo "help"; exit 1; }
