#!/usr/bin/env bash
# The README's first command: install what the build needs when it is
# missing (with apt-get, as root or through sudo), build everything, and run
# a demo. re2c and lemon are required; libreadline-dev is optional (without
# it the REPL reads plain lines).
set -eu
cd "$(dirname "$0")"
need=()
for p in re2c lemon make; do command -v "$p" >/dev/null 2>&1 || need+=("$p"); done
command -v cc >/dev/null 2>&1 || need+=(gcc)
want=()
[ -e /usr/include/readline/readline.h ] || want=(libreadline-dev)

install() {
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else return 1; fi
  command -v apt-get >/dev/null 2>&1 || return 1
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ${#need[@]} -gt 0 ]; then
  install "${need[@]}" "${want[@]}" || { echo "setup: please install: ${need[*]}" >&2; exit 1; }
elif [ ${#want[@]} -gt 0 ]; then
  install "${want[@]}" || echo "setup: libreadline-dev not installed; the REPL will read plain lines" >&2
fi
make -j2
echo "--- build/writ examples/hello.writ"
build/writ examples/hello.writ
