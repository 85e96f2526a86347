# Sourced by tests/vats/*.sh: check NAME PROGRAM EXPECTED runs PROGRAM
# with $WRIT and compares its stdout and stderr, then "status N", with
# EXPECTED; a mismatch is printed and makes the test fail (exit $fail).
set -uo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
check() { # name, program, expected output and status
  printf '%s\n' "$2" > "$dir/$1.writ"
  got=$(cd "$dir" && "$WRIT" "$1.writ" 2>&1; echo "status $?")
  if [ "$got" != "$3" ]; then
    printf '%s printed:\n%s\nexpected:\n%s\n' "$1" "$got" "$3"
    fail=1
  fi
}
