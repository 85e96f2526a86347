# Absolute paths are refused by every method, before any lookup.
. "$(dirname "$0")/../dir/_lib.sh"
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
for p in ["/etc/passwd", "//etc", "/"] {
  try { d.read(p) } catch e { print(e.message()) }
}
try { d.list("/") } catch e { print(e.message()) }
try { d.sub("/tmp") } catch e { print(e.message()) }
try { d.exists("/tmp") } catch e { print(e.message()) }
try { d.write("/tmp/writ-dir-test-pwned", "x") } catch e { print(e.message()) }
try { d.mkdir("/tmp/writ-dir-test-pwned") } catch e { print(e.message()) }
try { d.remove("/tmp") } catch e { print(e.message()) }'
  expect_out "Dir.read: '/etc/passwd': absolute paths are not allowed
Dir.read: '//etc': absolute paths are not allowed
Dir.read: '/': absolute paths are not allowed
Dir.list: '/': absolute paths are not allowed
Dir.sub: '/tmp': absolute paths are not allowed
Dir.exists: '/tmp': absolute paths are not allowed
Dir.write: '/tmp/writ-dir-test-pwned': absolute paths are not allowed
Dir.mkdir: '/tmp/writ-dir-test-pwned': absolute paths are not allowed
Dir.remove: '/tmp': absolute paths are not allowed"
  [ ! -e /tmp/writ-dir-test-pwned ] || fail "/tmp/writ-dir-test-pwned was created"
done
