# Promises and turns from a C host (tests/api/_async_host.c): a promise the
# host settles later between writ_run_turns calls, writ_reject, a second
# settlement ignored, writ_pending / writ_pending_list, one turn at a
# time, unhandled rejections through the error callback, and misuse.
. "$(dirname "$0")/_cc.sh"
compile_host "$root/tests/api/_async_host.c" "$tmp/async_host"
out=$("$tmp/async_host" 2>&1) || { echo "$out"; echo "async_host: failed"; exit 1; }
[ "$out" = ok ] || { echo "$out"; echo "async_host: expected only ok"; exit 1; }
