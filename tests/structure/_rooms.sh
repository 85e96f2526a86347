# Helper of rooms.sh: check_rooms DIR prints every include in DIR's source
# rooms that breaks the room map, and exits 1 if there is one.
# Rooms: include (writ.h), api (the public API's implementation, which
# composes a VM with its standard library), vm, lang, stdlib, stdlib/host,
# cli. Allowed edges:
#   api -> vm, lang, stdlib, include      vm <-> lang (the one circle)
#   vm -> include                         stdlib -> vm, lang
#   stdlib/host -> include only           cli -> include only
# An include names its room from the repository root ("vm/gc.h"); the
# generated grammar.h (build/gen) is lang's.
room_of() { # path (relative to the root) -> room
  case "$1" in
    include/*) echo include ;;
    api/*) echo api ;;
    vm/*) echo vm ;;
    lang/*|grammar.h) echo lang ;;
    stdlib/host/*) echo host ;;
    stdlib/*) echo stdlib ;;
    cli/*) echo cli ;;
    *) echo "?" ;;
  esac
}
allowed() { # from to
  [ "$1" = "$2" ] && return 0
  case "$1>$2" in
    "api>vm"|"api>lang"|"api>stdlib"|"api>include") return 0 ;;
    "vm>lang"|"lang>vm"|"vm>include") return 0 ;;
    "stdlib>vm"|"stdlib>lang") return 0 ;;
    "host>include"|"cli>include") return 0 ;;
  esac
  return 1
}
# own_header FILE.c: the header that declares what FILE.c exports: its
# own (vm/gc.c: vm/gc.h), or the one it shares with its siblings.
own_header() {
  case "$1" in
    api/*.c) echo api/api.h ;;
    stdlib/host/*.c) echo "${1%.c}.h" ;;
    stdlib/*.c) echo stdlib/wstdlib.h ;;
    lang/compile_expr.c) echo lang/compiler_int.h ;;
    *) echo "${1%.c}.h" ;;
  esac
}
# check_headers DIR: every .c of api, vm, lang and stdlib includes its own
# header first, and that header exists.
check_headers() {
  local dir=$1 bad=0 f h first
  while IFS= read -r f; do
    case "$f" in stdlib/host/sys.c) h=stdlib/host/host.h ;; *) h=$(own_header "$f") ;; esac
    [ -f "$dir/$h" ] || { echo "$f: no header of its own ($h)"; bad=1; continue; }
    first=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$dir/$f" | head -1)
    [ "$first" = "$h" ] || { echo "$f: its first include should be its own header $h, not \"$first\""; bad=1; }
  done < <(cd "$dir" && find api vm lang stdlib -name '*.c' 2>/dev/null | grep -vx 'lang/lexer.c' | sort)
  return $bad
}
check_rooms() {
  local dir=$1 bad=0 f inc from to
  while IFS= read -r f; do
    from=$(room_of "$f")
    while IFS= read -r inc; do
      if [ "$inc" != grammar.h ] && [ "$(room_of "$inc")" = "?" ]; then
        echo "$f: #include \"$inc\" does not name its room (write it from the repository root)"
        bad=1
        continue
      fi
      if [ ! -f "$dir/$inc" ] && [ "$inc" != grammar.h ]; then
        echo "$f: #include \"$inc\": no such file"
        bad=1
        continue
      fi
      to=$(room_of "$inc")
      if ! allowed "$from" "$to"; then
        echo "$f: #include \"$inc\": $from may not depend on $to"
        bad=1
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$dir/$f")
  done < <(cd "$dir" && find api vm lang stdlib cli include -type f \( -name '*.c' -o -name '*.h' -o -name '*.re' -o -name '*.y' \) 2>/dev/null | sort)
  return $bad
}
