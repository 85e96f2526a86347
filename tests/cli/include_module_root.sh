# -I DIR (and -IDIR, repeatable) adds a module root: a bare import not
# found beside the importer is looked for in the script's folder, then in
# each -I folder in order; a module found there imports its own neighbours
# and other roots' modules the same way.
set -u
tmp=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir -p prog/app lib1/util lib2
echo 'import "strings"
export fn shout(s) { return strings.up(s) + "!" }' > lib1/util/text.writ
echo 'import "./helper"
export fn up(s) { return helper.id(s).upper() }' > lib2/strings.writ
echo 'export fn id(s) { return s }' > lib2/helper.writ
echo 'export let name = "lib2 only"' > lib2/only.writ
echo 'import "util/text"
import "only"
print(text.shout("hi"), only.name)' > prog/app/main.writ
out=$("$WRIT" -I lib1 -Ilib2 prog/app/main.writ 2>&1)
[ "$out" = "HI! lib2 only" ] || { echo "with -I: $out"; exit 1; }
out=$("$WRIT" -I "$tmp/lib1" -I lib2 -e 'import "util/text"; print(text.shout("e"))' 2>&1)
[ "$out" = "E!" ] || { echo "-e with an absolute -I: $out"; exit 1; }
out=$("$WRIT" prog/app/main.writ 2>&1)
case "$out" in *'cannot import "util/text": no such file prog/app/util/text.writ'*) ;; *) echo "without -I: $out"; exit 1 ;; esac
out=$("$WRIT" -I lib1 prog/app/main.writ 2>&1)
case "$out" in *'cannot import "strings": no such file lib1/util/strings.writ (nor in the -I folders)'*) ;;
  *) echo "missing from every root: $out"; exit 1 ;; esac
"$WRIT" -h | grep -q -- "-I DIR" || { echo "writ -h does not list -I"; exit 1; }
