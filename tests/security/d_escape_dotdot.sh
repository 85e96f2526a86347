# `..` cannot climb out of a Dir, however it is spelled, for any method.
. "$(dirname "$0")/../dir/_lib.sh"
for mode in "${MODES[@]}"; do
  run $mode --allow-write=root 'let d = sys.dir("root")
let s = d.sub("sub")
try { d.read("../outside/secret.txt") } catch e { print(e.message()) }
try { d.read("sub/../../outside/secret.txt") } catch e { print(e.message()) }
try { s.read("../../outside/secret.txt") } catch e { print(e.message()) }
try { s.read("./.././../outside/secret.txt") } catch e { print(e.message()) }
try { d.list("..") } catch e { print(e.message()) }
try { d.sub("..") } catch e { print(e.message()) }
try { s.sub("../..") } catch e { print(e.message()) }
try { d.exists("../outside") } catch e { print(e.message()) }
try { d.write("../outside/secret.txt", "pwned") } catch e { print(e.message()) }
try { d.append("../outside/new.txt", "pwned") } catch e { print(e.message()) }
try { d.mkdir("../outside/evil") } catch e { print(e.message()) }
try { d.remove("../outside/secret.txt") } catch e { print(e.message()) }
print(d.read("sub/../a.txt"))'
  expect_out "Dir.read: '../outside/secret.txt' escapes the directory
Dir.read: 'sub/../../outside/secret.txt' escapes the directory
Dir.read: '../../outside/secret.txt' escapes the directory
Dir.read: './.././../outside/secret.txt' escapes the directory
Dir.list: '..' escapes the directory
Dir.sub: '..' escapes the directory
Dir.sub: '../..' escapes the directory
Dir.exists: '../outside' escapes the directory
Dir.write: '../outside/secret.txt' escapes the directory
Dir.append: '../outside/new.txt' escapes the directory
Dir.mkdir: '../outside/evil' escapes the directory
Dir.remove: '../outside/secret.txt' escapes the directory
hello"
  outside_untouched
done
