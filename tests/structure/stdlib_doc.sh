# docs/stdlib.md cannot drift from the natives: every name a script can
# call, read from the sources, must be in the page.
#   - Each table of natives in stdlib/*.c and stdlib/host/*.c (a NativeReg
#     or WritMethod array: {"name", fn, min, max} entries) and each name
#     list given to writ_new_namespace (sys's fields) must have a section in
#     the page: a line <!-- tables: NAME ... --> starts it, the next such
#     line ends it. Each of the table's names must appear in its section as
#     `name(` (`x.name(` too) or in backquotes, alone or after a dot
#     (`name`, `sys.name`).
#   - Module names, module constants, natives made by name and the names a
#     host grants (vm_native_module, module_export, native_new, writ_grant)
#     must appear somewhere in the page, in the same forms.
# No table is named here: a new table fails until the page has a section
# for it. It first proves it can fail: on a copy of the page with a name
# taken out, and on a copy of the sources with a table planted.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)

# Names a script cannot usefully call by name, so the page leaves them out.
# Keep this short: everything a script can call belongs in the page.
ALLOW="
new   # a constructor: a script calls the class (Set(...), Error(m)); x.new() is an error
"
# (The words read once: a process per name made the test take a minute.)
ALLOW_WORDS=" $(printf '%s\n' "$ALLOW" | sed 's/#.*//' | tr -s ' \n' '  ') "
allowed() { case "$ALLOW_WORDS" in *" $1 "*) return 0 ;; esac; return 1; }

# "FILE TABLE NAME" for every entry of every table of natives in FILES.
table_entries() {
  for f in "$@"; do
    awk -v F="$f" '
      function emit(body,   s) {
        s = body
        while (match(s, /\{"[A-Za-z_][A-Za-z0-9_]*",/)) {
          print F, table, substr(s, RSTART + 2, RLENGTH - 4)
          s = substr(s, RSTART + RLENGTH)
        }
      }
      !inside && /(NativeReg|WritMethod)[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\[[^]]*\][ \t]*=/ {
        table = $0
        sub(/.*(NativeReg|WritMethod)[ \t]+/, "", table)
        sub(/[^A-Za-z0-9_].*/, "", table)
        inside = 1; body = ""
      }
      inside { body = body $0 "\n"; if ($0 ~ /\};/) { emit(body); inside = 0 } }
    ' "$f"
  done
}

# The same for the name lists of host namespaces (sys): the array given to
# writ_new_namespace(vm, "sys", COUNT, ARRAY, values), in the same file.
namespace_entries() {
  for f in "$@"; do
    for arr in $(sed -n 's/.*writ_new_namespace([^,]*, *"[^"]*", *[^,]*, *\([A-Za-z_][A-Za-z0-9_]*\),.*/\1/p' "$f"); do
      awk -v A="$arr" '
        !inside && index($0, A "[") && $0 ~ /\] *= *\{/ { inside = 1 }
        inside { print; if ($0 ~ /\};/) exit }' "$f" |
        grep -oE '"[A-Za-z_][A-Za-z0-9_]*"' | tr -d '"' | sed "s|^|$f $arr |"
    done
  done
}

# Names that must appear anywhere in the page.
global_names() {
  grep -hoE '(vm_native_module|native_new)\([a-z]+, "[A-Za-z_][A-Za-z0-9_]*"' "$@" | sed -E 's/.*"([^"]*)"$/\1/'
  grep -hoE 'module_export\([a-z]+, [a-z]+, "[A-Za-z_][A-Za-z0-9_]*"' "$@" | sed -E 's/.*"([^"]*)"$/\1/'
  grep -hoE 'writ_grant\([a-z]+, "[A-Za-z_][A-Za-z0-9_]*"' "$@" | sed -E 's/.*"([^"]*)"$/\1/'
}

# Is NAME in TEXT (a file) as name( or in backquotes, alone or after a
# dot (`sys.args`)?
mentions() { grep -qE -- "(^|[^A-Za-z0-9_])$1\\(|\`([A-Za-z_][A-Za-z0-9_]*\\.)*$1\`" "$2"; }

# check_doc SRC DOC: prints what is missing from DOC for the sources below
# SRC (a tree with stdlib/); exits 1 if anything is.
check_doc() {
  local src=$1 doc=$2 work st=0 n=0 file table name last="" dup
  work=$(mktemp -d)
  set -- "$src"/stdlib/*.c "$src"/stdlib/host/*.c
  { table_entries "$@"; namespace_entries "$@"; } | sed "s|^$src/||" > "$work/entries"
  n=$(wc -l < "$work/entries")
  if [ "$n" -lt 100 ] || ! grep -q '^stdlib/host/' "$work/entries"; then
    echo "only $n names found in $src/stdlib: the tables' layout changed under this script"
    rm -rf "$work"; return 1
  fi
  # A table name in two files could not be told apart by the page.
  dup=$(awk '{ print $1, $2 }' "$work/entries" | sort -u | awk '{ print $2 }' | sort | uniq -d)
  [ -z "$dup" ] || { echo "table names used in two files (rename one): $dup"; st=1; }
  while read -r file table name; do
    if [ "$table" != "$last" ]; then
      last=$table
      # The page's section for this table: its marker line to the next one.
      awk -v T="$table" '
        /<!-- tables:/ { on = 0; n = split($0, w, /[ \t]+/); for (i = 1; i <= n; i++) if (w[i] == T) on = 1 }
        on' "$doc" > "$work/section"
      if [ ! -s "$work/section" ]; then
        echo "$file: table $table has no section in the page (add <!-- tables: $table --> above its entries)"
        st=1
      fi
    fi
    [ -s "$work/section" ] || continue
    allowed "$name" && continue
    mentions "$name" "$work/section" || { echo "$file: $table: '$name' is not in its section of the page"; st=1; }
  done < "$work/entries"
  for name in $(global_names "$src"/stdlib/*.c "$src"/stdlib/host/*.c | sort -u); do
    mentions "$name" "$doc" || { echo "stdlib: '$name' is not in the page"; st=1; }
  done
  rm -rf "$work"
  return $st
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc=$root/docs/stdlib.md
[ -f "$doc" ] || { echo "docs/stdlib.md is missing"; exit 1; }

# 1. Self-test: the page with list's "push" taken out must fail, naming it.
sed 's/\bpush\b/pish/g' "$doc" > "$tmp/no_push.md"
cmp -s "$doc" "$tmp/no_push.md" && { echo "self-test: the page does not mention push at all"; exit 1; }
out=$(check_doc "$root" "$tmp/no_push.md") && { echo "self-test: a page without push passed"; exit 1; }
case "$out" in *"list_methods: 'push' is not in its section"*) ;; *) echo "self-test: push not reported: $out"; exit 1 ;; esac

# 2. Self-test: a planted host table (one line, as sys.c writes them) must
# fail for want of a section, and so must a planted method in a table that
# has one.
mkdir -p "$tmp/src/stdlib/host"
cp "$root"/stdlib/*.c "$tmp/src/stdlib/"
cp "$root"/stdlib/host/*.c "$tmp/src/stdlib/host/"
printf 'static const WritMethod planted_methods[] = {{"plantedRead", f, 0, 0}, {NULL, NULL, 0, 0}};\n' >> "$tmp/src/stdlib/host/sys.c"
awk '{ print } /map_methods\[\] = \{/ { print "    {\"plantedSize\", m_len, 0, 0}," }' "$root/stdlib/map.c" > "$tmp/src/stdlib/map.c"
cmp -s "$root/stdlib/map.c" "$tmp/src/stdlib/map.c" && { echo "self-test: no map_methods table in stdlib/map.c to plant in"; exit 1; }
out=$(check_doc "$tmp/src" "$doc") && { echo "self-test: planted tables passed"; exit 1; }
case "$out" in *"table planted_methods has no section"*) ;; *) echo "self-test: planted table not reported: $out"; exit 1 ;; esac
case "$out" in *"map_methods: 'plantedSize' is not in its section"*) ;; *) echo "self-test: planted map method not reported: $out"; exit 1 ;; esac

# 3. The real sources and page.
check_doc "$root" "$doc" || { echo "(docs/stdlib.md: one line for each, with an example; see its top)"; exit 1; }
exit 0
