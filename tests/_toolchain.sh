# Sourced by tests that build C hosts against the library under test:
# host_toolchain LIB sets HOST_CC and HOST_CXX to the compilers that built
# LIB, and SAN to its sanitizer flags (empty for a plain build). A
# sanitizer runtime must come from the same compiler as the library (make
# test-asan and test-gc build with clang when it is installed, whose
# UBSan checks more), so a host is built with that compiler.
host_toolchain() {
  HOST_CC=cc
  HOST_CXX=g++
  SAN=""
  if nm "$1" 2>/dev/null | grep -q __asan_init; then
    SAN="-fsanitize=address,undefined"
    if readelf -p .comment "$1" 2>/dev/null | grep -q clang; then
      HOST_CC=clang
      HOST_CXX=clang++
    fi
  fi
}
