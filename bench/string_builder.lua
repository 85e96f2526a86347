-- string_builder: building big strings from small pieces (twin of
-- string_builder.writ). Uses .. for short pieces and table.concat for joins.
local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" }
local N = 100000

local total = 0
local pieces = 0
for round = 0, 9 do
  -- Phase 1: many short pieces, one big join.
  local parts = {}
  for i = 0, N - 1 do
    parts[#parts + 1] = words[i % 8 + 1] .. "-" .. tostring(i + round) .. ";"
  end
  local s = table.concat(parts, ",")
  total = total + #s
  pieces = pieces + #parts

  -- Phase 2: grow lines with .., then join the lines.
  local lines = {}
  local line = ""
  for i = 0, N - 1 do
    line = line .. words[(i + round) % 8 + 1] .. " "
    if #line > 80 then
      lines[#lines + 1] = line
      line = ""
    end
  end
  lines[#lines + 1] = line
  local text = table.concat(lines, "\n")
  total = total + #text
  pieces = pieces + #lines
end
print("string_builder " .. total .. " " .. pieces)
