-- json_roundtrip: build a nested document, then repeatedly encode it to JSON
-- text and decode it back, walking the result for a checksum (twin of
-- json_roundtrip.writ). Lua has no JSON library, so a small encoder and
-- decoder are written here: tables with a non-empty array part encode as
-- JSON arrays, other tables as objects.
local byte, sub, find, format, concat = string.byte, string.sub, string.find, string.format, table.concat
local floor, mtype = math.floor, math.type

---------------------------------------------------------------- encoder
local escapes = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t',
}
local function escapeChar(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

local function encodeNumber(n)
  if mtype(n) == "integer" then return tostring(n) end
  if n == floor(n) and n > -2^53 and n < 2^53 then return format("%d", n) end
  return format("%.17g", n)
end

local encodeValue

local function encodeString(s, buf)
  buf[#buf + 1] = '"' .. s:gsub('[%c"\\]', escapeChar) .. '"'
end

encodeValue = function(v, buf)
  local t = type(v)
  if t == "string" then
    encodeString(v, buf)
  elseif t == "number" then
    buf[#buf + 1] = encodeNumber(v)
  elseif t == "boolean" then
    buf[#buf + 1] = v and "true" or "false"
  elseif t == "nil" then
    buf[#buf + 1] = "null"
  elseif #v > 0 then
    buf[#buf + 1] = "["
    for i = 1, #v do
      if i > 1 then buf[#buf + 1] = "," end
      encodeValue(v[i], buf)
    end
    buf[#buf + 1] = "]"
  else
    buf[#buf + 1] = "{"
    local first = true
    for k, x in pairs(v) do
      if not first then buf[#buf + 1] = "," end
      first = false
      encodeString(k, buf)
      buf[#buf + 1] = ":"
      encodeValue(x, buf)
    end
    buf[#buf + 1] = "}"
  end
end

local function stringify(v)
  local buf = {}
  encodeValue(v, buf)
  return concat(buf)
end

---------------------------------------------------------------- decoder
local unescapes = {
  [byte('"')] = '"', [byte('\\')] = '\\', [byte('/')] = '/', [byte('b')] = '\b',
  [byte('f')] = '\f', [byte('n')] = '\n', [byte('r')] = '\r', [byte('t')] = '\t',
}

local function skipSpace(s, i)
  return find(s, "[^ \t\r\n]", i) or #s + 1
end

local decodeValue

local function decodeString(s, i)
  -- s[i] is the opening quote.
  local j = i + 1
  local parts = nil
  while true do
    local k = find(s, '["\\]', j)
    if not k then error("unterminated string at " .. i) end
    if byte(s, k) == 34 then -- closing quote
      if parts == nil then return sub(s, j, k - 1), k + 1 end
      parts[#parts + 1] = sub(s, j, k - 1)
      return concat(parts), k + 1
    end
    parts = parts or {}
    parts[#parts + 1] = sub(s, j, k - 1)
    local e = byte(s, k + 1)
    if e == 117 then -- \uXXXX
      parts[#parts + 1] = utf8.char(tonumber(sub(s, k + 2, k + 5), 16))
      j = k + 6
    else
      local u = unescapes[e]
      if not u then error("bad escape at " .. k) end
      parts[#parts + 1] = u
      j = k + 2
    end
  end
end

decodeValue = function(s, i)
  i = skipSpace(s, i)
  local c = byte(s, i)
  if c == 123 then -- {
    local obj = {}
    i = skipSpace(s, i + 1)
    if byte(s, i) == 125 then return obj, i + 1 end
    while true do
      if byte(s, i) ~= 34 then error("expected key at " .. i) end
      local key
      key, i = decodeString(s, i)
      i = skipSpace(s, i)
      if byte(s, i) ~= 58 then error("expected ':' at " .. i) end
      obj[key], i = decodeValue(s, i + 1)
      i = skipSpace(s, i)
      c = byte(s, i)
      if c == 125 then return obj, i + 1 end
      if c ~= 44 then error("expected ',' or '}' at " .. i) end
      i = skipSpace(s, i + 1)
    end
  elseif c == 91 then -- [
    local arr = {}
    i = skipSpace(s, i + 1)
    if byte(s, i) == 93 then return arr, i + 1 end
    local n = 0
    while true do
      n = n + 1
      arr[n], i = decodeValue(s, i)
      i = skipSpace(s, i)
      c = byte(s, i)
      if c == 93 then return arr, i + 1 end
      if c ~= 44 then error("expected ',' or ']' at " .. i) end
      i = i + 1
    end
  elseif c == 34 then
    return decodeString(s, i)
  elseif c == 116 and sub(s, i, i + 3) == "true" then
    return true, i + 4
  elseif c == 102 and sub(s, i, i + 4) == "false" then
    return false, i + 5
  elseif c == 110 and sub(s, i, i + 3) == "null" then
    return nil, i + 4
  else
    local a, b = find(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not a then error("unexpected character at " .. i) end
    return tonumber(sub(s, a, b)), b + 1
  end
end

local function parse(s)
  local v, i = decodeValue(s, 1)
  i = skipSpace(s, i)
  if i <= #s then error("trailing characters at " .. i) end
  return v
end

---------------------------------------------------------------- benchmark
local function makeData(n)
  local items = {}
  for i = 0, n - 1 do
    local item = { id = i, name = "item " .. i, price = i * 0.25, active = i % 3 == 0 }
    item.tags = { "t" .. (i % 5), "t" .. (i % 7), "say \"hi\"" }
    item.dims = { w = i % 10, h = (i * 3) % 17, d = 1.5 }
    item.note = "line1\nline2\ttab \\ back/slash"
    items[#items + 1] = item
  end
  return { version = 1, count = n, items = items }
end

local function checksum(d)
  local s = d.version + d.count
  for _, it in ipairs(d.items) do
    s = s + it.id + it.price * 4
    if it.active then s = s + 1 end
    s = s + #it.name
    for _, t in ipairs(it.tags) do s = s + #t end
    local dims = it.dims
    s = s + dims.w + dims.h + dims.d * 2
    s = s + #it.note
  end
  return s
end

local data = makeData(1000)
local total = 0
for _ = 1, 40 do
  local text = stringify(data)
  data = parse(text)
  total = total + checksum(data)
end
print("json_roundtrip " .. format("%d", total))
