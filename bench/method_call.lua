-- method_call: dynamic dispatch on objects (twin of method_call.writ).
-- Toggle and NthToggle are metatable classes; NthToggle inherits from Toggle.
local Toggle = {}
Toggle.__index = Toggle

function Toggle.new(start)
  return setmetatable({ state = start }, Toggle)
end

function Toggle:value()
  return self.state
end

function Toggle:activate()
  self.state = not self.state
  return self
end

local NthToggle = setmetatable({}, { __index = Toggle })
NthToggle.__index = NthToggle

function NthToggle.new(start, maxCounter)
  local self = setmetatable(Toggle.new(start), NthToggle)
  self.countMax = maxCounter
  self.count = 0
  return self
end

function NthToggle:activate()
  self.count = self.count + 1
  if self.count >= self.countMax then
    Toggle.activate(self)
    self.count = 0
  end
  return self
end

local n = 1000000
local trues = 0

local val = true
local toggle = Toggle.new(val)
for _ = 1, n do
  val = toggle:activate():value()
  val = toggle:activate():value()
  val = toggle:activate():value()
  val = toggle:activate():value()
  val = toggle:activate():value()
  if val then trues = trues + 1 end
end
local r1 = toggle:value()

val = true
local ntoggle = NthToggle.new(val, 3)
for _ = 1, n do
  val = ntoggle:activate():value()
  val = ntoggle:activate():value()
  val = ntoggle:activate():value()
  val = ntoggle:activate():value()
  val = ntoggle:activate():value()
  if val then trues = trues + 1 end
end
local r2 = ntoggle:value()

print("method_call " .. tostring(r1) .. " " .. tostring(r2) .. " " .. trues)
