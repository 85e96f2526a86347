# Nothing mutable is shared between workspaces: everything two fresh
# sibling workspaces can both reach (built-ins, standard modules, the
# primordial classes, the preallocated out-of-memory error, ...) is deeply
# frozen or immutable (tests/security/_j_shared_frozen.c, which uses the
# VM's internals and first proves it can fail). The out-of-memory error
# was one unfrozen object for the whole VM: freeze(e) in one workspace was
# isFrozen(e) in another.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
lib=$(dirname "$WRIT")/libwrit.a
[ -f "$lib" ] || lib=$root/build/release/libwrit.a
. "$root/tests/_toolchain.sh"
host_toolchain "$lib"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$HOST_CC -std=c11 -D_POSIX_C_SOURCE=200809L -no-pie $SAN -I"$root" -I"$root/build/gen" \
  "$root/tests/security/_j_shared_frozen.c" "$lib" -lm -o "$tmp/shared"
"$tmp/shared"
