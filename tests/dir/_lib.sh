# Shared by the tests/dir/*.sh tests. Makes a fresh temporary directory the
# working directory (its real path in $tmp, removed at exit) holding
#   root/a.txt          "hello"       (scripts are granted root/)
#   root/sub/           empty
#   outside/secret.txt  "TOP-SECRET"  (no script may ever see or change it)
# run [FLAGS...] SCRIPT  writes SCRIPT to t.writ and runs "$WRIT FLAGS
#   t.writ"; sets $out, $err and $status, and fails the test if the output
#   shows the host path $tmp or the secret.
# Escape tests check both lookups: for mode in "${MODES[@]}"; run $mode ...
#   ("" is openat2; --no-openat2 the walk of kernels without it).
set -u
tmp=$(cd "$(mktemp -d)" && pwd -P)
bgpid=
cleanup() {
  if [ -n "$bgpid" ]; then kill "$bgpid" 2>/dev/null; wait "$bgpid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
mkdir root root/sub outside
printf hello > root/a.txt
printf TOP-SECRET > outside/secret.txt
MODES=("" "--no-openat2")
out= err= status=

fail() {
  echo "FAIL${mode:+ ($mode)}: $*"
  echo "stdout: $out"
  echo "stderr: $err"
  exit 1
}

run() {
  local script=${!#}
  printf '%s\n' "$script" > t.writ
  timeout 20 "$WRIT" "${@:1:$#-1}" t.writ > out.txt 2> err.txt
  status=$?
  out=$(cat out.txt)
  err=$(cat err.txt)
  case "$out$err" in *"$tmp"*) fail "the output shows the host path $tmp" ;; esac
  case "$out$err" in *TOP-SECRET*) fail "the output shows the outside secret" ;; esac
}

# expect_out TEXT: the script succeeded and printed exactly TEXT.
expect_out() {
  [ "$status" = 0 ] || fail "exit status $status, expected 0"
  [ "$out" = "$1" ] || fail "expected stdout:
$1"
}

# expect_error TEXT: the script failed with TEXT in its error line.
expect_error() {
  [ "$status" = 1 ] || fail "exit status $status, expected 1"
  case "$(head -n 1 err.txt)" in *"$1"*) ;; *) fail "expected an error with: $1" ;; esac
}

# outside_untouched: outside/ still holds exactly secret.txt, unchanged.
outside_untouched() {
  [ "$(ls -A outside)" = secret.txt ] || fail "outside/ changed: $(ls -A outside)"
  [ "$(cat outside/secret.txt)" = TOP-SECRET ] || fail "outside/secret.txt changed"
}
