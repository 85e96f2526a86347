-- sieve: the sieve of Eratosthenes over a table of booleans (twin of
-- sieve.writ). Lua arrays start at 1, so flags[k] stands for k (k >= 1).
local N = 4000000

local total = 0
for _ = 1, 3 do
  local flags = {}
  for i = 1, N do flags[#flags + 1] = true end
  flags[1] = false
  local i = 2
  while i * i <= N do
    if flags[i] then
      local j = i * i
      while j <= N do
        flags[j] = false
        j = j + i
      end
    end
    i = i + 1
  end
  local count = 0
  for k = 1, N do
    if flags[k] then count = count + 1 end
  end
  total = total + count
end
print("sieve " .. total)
