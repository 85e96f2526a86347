# The REPL never takes a child workspace's unfinished source for its own
# unfinished input: w.eval("1 +") fails at once as an ordinary error of the
# line that called it, and the next line runs as a new input. (Plain input
# through a pipe; the terminal behaviour is the same code path.)
set -u
out=$(printf 'let w = Workspace({})\nw.eval("1 +")\nprint("next")\n' | NO_COLOR=1 "$WRIT" -i 2>&1)
case "$out" in
  *'<repl>:2:3: error: <eval>:1:4: unexpected end of input'*'next'*) ;;
  *) echo "got:"; echo "$out"; exit 1 ;;
esac
case "$out" in *'... '*) echo "the REPL asked for more input:"; echo "$out"; exit 1 ;; esac
exit 0
