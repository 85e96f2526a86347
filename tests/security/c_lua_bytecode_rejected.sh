# A precompiled Lua chunk (ESC "Lua" header, NUL bytes) is passed as a script, hoping the VM loads bytecode; safe: refused as source with a clear error, nothing runs.
. "$(dirname "$0")/_lib.sh"
printf '\033LuaT\000\031\223\r\n\032\n\004\010\010xV\000\000' > "$tmp/chunk.writ"
expect_refused "$tmp/chunk.writ" "chunk.writ:1:6: error: source contains a NUL byte"
