# Imports still resolve only below a root: "../x" out of the script's
# folder or out of an -I folder, an absolute path elsewhere, and a symlink
# in an -I folder pointing out are refused, with or without -I.
set -u
tmp=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir -p prog lib secret
echo 'export let s = "TOP-SECRET"' > secret/s.writ
echo 'export let s = "TOP-SECRET"' > s.writ
ln -s ../secret/s.writ lib/link.writ
echo 'import "../secret/s" as sec
export let s = sec.s' > lib/climb.writ
for src in 'import "../secret/s"' 'import "../s"' 'import "link"' 'import "climb"' "import \"$tmp/secret/s\"" \
  'import "lib/../../secret/s"'; do
  printf '%s\nprint(1)\n' "$src" > prog/main.writ
  out=$("$WRIT" -I lib prog/main.writ 2>&1)
  st=$?
  [ "$st" = 1 ] || { echo "$src: exit status $st: $out"; exit 1; }
  case "$out" in *TOP-SECRET*) echo "$src: leaked: $out"; exit 1 ;; esac
  case "$out" in *"the file is outside the program's folders (imports stay below the main script's folder and the -I folders)"*) ;;
    *) echo "$src: $out"; exit 1 ;; esac
done
