-- hash_map: table insert, lookup (hits and misses), update, remove and
-- iteration with string keys and sparse integer keys (twin of hash_map.writ).
local N = 100000
local P = 1000003

local sum = 0
local hits = 0
local count = 0
for round = 0, 2 do
  local strs = {}
  local nums = {}
  for i = 0, N - 1 do
    strs["key" .. i] = i
    nums[(i * 7919) % P] = i
  end

  -- Lookups: about half of the string keys and most number keys miss.
  for i = 0, 2 * N - 1 do
    local v = strs["key" .. ((i * 3) % (2 * N))]
    if v ~= nil then
      sum = sum + v
      hits = hits + 1
    end
    local w = nums[(i * 13) % P]
    if w ~= nil then
      sum = sum + w
      hits = hits + 1
    end
  end

  -- Updates in place.
  for i = 0, N - 1 do
    local k = "key" .. i
    strs[k] = strs[k] + 1
  end

  -- Remove every other string key, then iterate over what is left.
  for i = 0, N - 1 do
    if i % 2 == 0 then
      local k = "key" .. i
      if strs[k] ~= nil then strs[k] = nil end
    end
  end
  -- Lua tables have no entry count, so count while iterating.
  for k, v in pairs(strs) do
    sum = sum + v
    count = count + 1
  end
  for k, v in pairs(nums) do
    sum = sum + k % 7
    count = count + 1
  end
end
print("hash_map " .. sum .. " " .. hits .. " " .. count)
