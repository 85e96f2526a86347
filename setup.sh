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
# What `make test` uses besides the build: tmux drives the REPL tests, g++
# compiles writ.h as C++, clang runs the ThreadSanitizer test, pkg-config
# builds against an installed copy.
for p in tmux g++ clang pkg-config; do command -v "$p" >/dev/null 2>&1 || want+=("$p"); done
[ -e /usr/include/editline/readline.h ] || want+=(libedit-dev)
# The editor grammar tests: node and npm run the VS Code one (editors/test/),
# vim the Vim one.
command -v node >/dev/null 2>&1 || want+=(nodejs)
command -v npm >/dev/null 2>&1 || want+=(npm)
command -v vim >/dev/null 2>&1 || want+=(vim)

install() {
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else return 1; fi
  command -v apt-get >/dev/null 2>&1 || return 1
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ${#need[@]} -gt 0 ]; then
  install "${need[@]}" "${want[@]}" || { echo "setup: please install: ${need[*]}" >&2; exit 1; }
elif [ ${#want[@]} -gt 0 ]; then
  install "${want[@]}" || echo "setup: not installed: ${want[*]} (without libreadline-dev the REPL reads plain lines; make test needs the rest)" >&2
fi
make -j2
# The VS Code grammar test's npm packages (vscode-textmate, vscode-oniguruma);
# the test installs them itself when they are missing.
if command -v npm >/dev/null 2>&1 && [ ! -d editors/test/node_modules ]; then
  npm ci --prefix editors/test --no-audit --no-fund --loglevel=error >/dev/null ||
    echo "setup: npm ci in editors/test failed (tests/structure/editors_textmate.sh tries again)" >&2
fi
echo "--- build/writ examples/hello.writ"
build/writ examples/hello.writ
