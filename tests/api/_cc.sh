# Sourced by the API tests: compile_host FILE.c OUT builds a C host against
# the libwrit.a next to $WRIT (the build mode under test), with the same
# sanitizers when that library has them.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
lib=$(dirname "$WRIT")/libwrit.a
[ -f "$lib" ] || lib=$root/build/release/libwrit.a
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/_toolchain.sh"
host_toolchain "$lib"
compile_host() {
  $HOST_CC -std=c99 -Wall -Wextra -Werror -pedantic -no-pie $SAN -I"$root/include" "$1" "$lib" -lm -lpthread -o "$2"
}
