#!/usr/bin/env bash
# The README's first command: install what the build needs (when missing
# and apt-get may be used), build everything, and run a demo.
set -eu
cd "$(dirname "$0")"
need=()
optional=()
for p in re2c lemon make; do command -v "$p" >/dev/null 2>&1 || need+=("$p"); done
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -e /usr/include/readline/readline.h ] || optional=(libreadline-dev)
if [ ${#need[@]} -gt 0 ] || [ ${#optional[@]} -gt 0 ]; then
  need+=("${optional[@]}")
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif [ ${#need[@]} -gt ${#optional[@]} ]; then
    echo "setup: please install: ${need[*]}" >&2
    exit 1
  fi
fi
make -j2
echo "--- build/writ examples/hello.writ"
build/writ examples/hello.writ
