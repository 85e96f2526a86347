# Sourced by the REPL tests: drives `writ` in a real terminal (a private
# tmux server) the way a person types, and reads the screen back.
#   repl_start [ENV=VALUE...] -- [writ args...]   start the REPL in a pane
#   type_text TEXT      type TEXT literally (no Enter)
#   key KEY...          press keys: Enter, Tab, C-c, C-d, Up, ...
#   line TEXT           type TEXT and press Enter
#   expect TEXT         wait (up to 10 s) until TEXT is on the screen
#   expect_count TEXT N wait until TEXT is on the screen N times
#   screen / screen_raw the screen as text / with colour escapes
#   expect_exit CODE    wait until writ exits with CODE
# HOME is a fresh folder, so ~/.writ_history starts empty.
set -eu
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WRIT=${WRIT:-$root/build/writ}
case $WRIT in /*) ;; *) WRIT=$PWD/$WRIT ;; esac
command -v tmux >/dev/null || { echo "tmux is needed for the REPL tests (apt-get install tmux)"; exit 1; }
tmp=$(mktemp -d)
# Each session gets its own tmux server (a fresh socket), so one ending
# never races with the next starting.
nsessions=0
sock="writ-test-$$-0"
export HOME="$tmp/home"
mkdir -p "$HOME"
cleanup() {
  local i
  for i in $(seq 0 "$nsessions"); do tmux -L "writ-test-$$-$i" kill-server 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

tm() { tmux -L "$sock" -f /dev/null "$@"; }
# A new tmux server for the next session (the old one is stopped).
new_server() {
  tm kill-server 2>/dev/null || true
  nsessions=$((nsessions + 1))
  sock="writ-test-$$-$nsessions"
}

repl_start() {
  new_server
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local args="" a
  for a in "$@"; do args+=" $(printf '%q' "$a")"; done
  # After writ ends, the pane shows its status and stays for reading.
  tm new-session -d -x 100 -y 50 -c "$tmp" \
    "env -u NO_COLOR TERM=xterm-256color HOME='$HOME' ${envs[*]:-} '$WRIT'$args; echo \"[exit \$?]\"; sleep 600"
  settle
}

# Waits for the first prompt (or the end), then a moment more: keys typed
# while readline is still setting the terminal up can be lost, as they can
# be for a person who types before a program is ready.
settle() {
  local i
  for i in $(seq 1 200); do
    if screen | grep -qF -e '> ' -e '[exit '; then break; fi
    sleep 0.05
  done
  sleep 0.3
}

type_text() { tm send-keys -t 0 -l "$1"; }
key() { tm send-keys -t 0 "$@"; }
line() { type_text "$1"; key Enter; }
screen() { tm capture-pane -p -J -t 0 -S -200; }
screen_raw() { tm capture-pane -p -e -J -t 0 -S -200; }

fail() {
  echo "FAIL: $*"
  echo "--- screen:"
  screen
  exit 1
}

expect_count() {
  local want=$1 n=$2 i
  for i in $(seq 1 200); do
    [ "$(screen | grep -cF -- "$want" || true)" -ge "$n" ] && return 0
    sleep 0.05
  done
  fail "expected '$want' $n time(s) on the screen"
}
expect() { expect_count "$1" 1; }

# The prompt is back (after the given number of prompts in all).
expect_prompts() { expect_count "> " "$1"; }

expect_exit() { expect "[exit $1]"; }

# Fails if TEXT is on the screen now.
refute() {
  if screen | grep -qF -- "$1"; then fail "did not expect '$1' on the screen"; fi
}

# Fails if a whole screen line is exactly TEXT now.
refute_line() {
  if screen | grep -qxF -- "$1"; then fail "did not expect the line '$1' on the screen"; fi
}

# build_cli OUT [cc flags...]: the CLI compiled here against the library
# under test (same sanitizers), for the line-editor variants the build did
# not pick, e.g. build_cli "$tmp/w" -DWRIT_LIBEDIT -ledit.
build_cli() {
  local out=$1 lib extra=""
  shift
  lib=$(dirname "$WRIT")/libwrit.a
  [ -f "$lib" ] || lib=$root/build/release/libwrit.a
  . "$root/tests/_toolchain.sh"
  host_toolchain "$lib"
  extra=$SAN
  # :doc's table, which make generated from docs/stdlib.md.
  [ -f "$root/build/gen/cli_docs.c" ] || fail "build/gen/cli_docs.c is missing: run make first"
  $HOST_CC -std=c11 -D_POSIX_C_SOURCE=200809L -no-pie $extra -I"$root" "$root"/cli/*.c "$root/build/gen/cli_docs.c" \
    "$lib" -lm "$@" -o "$out" ||
    fail "cannot build the CLI with: $*"
}

# What every line reader must get right, from a fresh prompt: definitions,
# a continuation line, Ctrl-C at the prompt (the line is dropped) and
# during evaluation (it stops), Ctrl-D (writ exits 0).
basic_session() {
  line 'let a = 20'
  line 'fn f(x) {'
  expect '... '
  line '  return x + a'
  line '}'
  line 'f(22)'
  expect '42'
  type_text 'garbage'; key C-c
  line 'a'
  expect '20'
  refute "undefined variable 'garbage'"
  line 'while true { }'
  sleep 0.3
  key C-c
  expect 'interrupted'
  line 'a + 1'
  expect '21'
  # libedit puts the terminal in its mode anew for each line: a Ctrl-D that
  # arrives before it has (the prompt just printed) can be lost, as it would
  # be for a person typing that fast. CI lost one once.
  sleep 0.3
  key C-d
  expect_exit 0
}
