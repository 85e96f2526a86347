# -I needs an existing directory: a missing one, a file, or no argument is
# a usage error (exit status 2) before anything runs.
set -u
tmp=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
touch file.txt
check() { # EXPECTED-MESSAGE ARGS...
  local want=$1; shift
  out=$("$WRIT" "$@" 2>&1)
  st=$?
  [ "$st" = 2 ] || { echo "$*: exit status $st"; exit 1; }
  [ "$out" = "$want" ] || { echo "$*: $out"; exit 1; }
}
check "writ: -I nosuch: No such file or directory" -I nosuch -e 'print("ran")'
check "writ: -I nosuch: No such file or directory" -Inosuch -e 'print("ran")'
check "writ: -I file.txt: not a directory" -I file.txt -e 'print("ran")'
check "writ: -I needs a directory: -I DIR" -I
