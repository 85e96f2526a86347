-- deltablue: the DeltaBlue incremental constraint solver (twin of
-- deltablue.writ). Metatable classes with single inheritance; fields are
-- read directly.

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

-- Strengths: a smaller value is stronger.
local Strength = class()

function Strength.new(value, name)
  return setmetatable({ value = value, name = name }, Strength)
end

local REQUIRED = Strength.new(0, "required")
local STRONG_PREFERRED = Strength.new(1, "strongPreferred")
local PREFERRED = Strength.new(2, "preferred")
local STRONG_DEFAULT = Strength.new(3, "strongDefault")
local NORMAL = Strength.new(4, "normal")
local WEAK_DEFAULT = Strength.new(5, "weakDefault")
local WEAKEST = Strength.new(6, "weakest")

-- nextWeaker as in the original (which maps required to weakest).
local NEXT_WEAKER = { [0] = WEAKEST, WEAK_DEFAULT, NORMAL, STRONG_DEFAULT, PREFERRED, REQUIRED }
local function nextWeaker(s) return NEXT_WEAKER[s.value] end

local function stronger(s1, s2) return s1.value < s2.value end
local function weaker(s1, s2) return s1.value > s2.value end
local function weakestOf(s1, s2)
  if weaker(s1, s2) then return s1 end
  return s2
end

-- Directions of a binary constraint.
local NONE = 0
local FORWARD = 1
local BACKWARD = -1

-- The current planner; set by each test.
local planner = nil

local Constraint = class()

function Constraint:init(strength)
  self.strength = strength
end

-- Activates this constraint and attempts to satisfy it.
function Constraint:addConstraint()
  self:addToGraph()
  planner:incrementalAdd(self)
end

-- Attempts to find a way to enforce this constraint; answers the
-- constraint this one overrides, or nil.
function Constraint:satisfy(mark)
  self:chooseMethod(mark)
  if not self:isSatisfied() then
    if self.strength == REQUIRED then print("Could not satisfy a required constraint!") end
    return nil
  end
  self:markInputs(mark)
  local out = self:output()
  local overridden = out.determinedBy
  if overridden ~= nil then overridden:markUnsatisfied() end
  out.determinedBy = self
  if not planner:addPropagate(self, mark) then print("Cycle encountered") end
  out.mark = mark
  return overridden
end

function Constraint:destroyConstraint()
  if self:isSatisfied() then
    planner:incrementalRemove(self)
  else
    self:removeFromGraph()
  end
end

function Constraint:isInput() return false end

-- A constraint with a single possible output variable.
local UnaryConstraint = class(Constraint)

function UnaryConstraint:init(v, strength)
  Constraint.init(self, strength)
  self.myOutput = v
  self.satisfied = false
  self:addConstraint()
end
function UnaryConstraint:addToGraph()
  self.myOutput:addConstraint(self)
  self.satisfied = false
end
function UnaryConstraint:chooseMethod(mark)
  self.satisfied = self.myOutput.mark ~= mark and stronger(self.strength, self.myOutput.walkStrength)
end
function UnaryConstraint:isSatisfied() return self.satisfied end
function UnaryConstraint:markInputs(mark) end
function UnaryConstraint:output() return self.myOutput end
function UnaryConstraint:recalculate()
  self.myOutput.walkStrength = self.strength
  self.myOutput.stay = not self:isInput()
  if self.myOutput.stay then self:execute() end
end
function UnaryConstraint:markUnsatisfied() self.satisfied = false end
function UnaryConstraint:inputsKnown(mark) return true end
function UnaryConstraint:removeFromGraph()
  if self.myOutput ~= nil then self.myOutput:removeConstraint(self) end
  self.satisfied = false
end

-- A variable that should, with some preference, keep its value.
local StayConstraint = class(UnaryConstraint)
function StayConstraint.new(v, strength)
  local self = setmetatable({}, StayConstraint)
  self:init(v, strength)
  return self
end
function StayConstraint:execute() end

-- Marks a variable that the client wishes to change.
local EditConstraint = class(UnaryConstraint)
function EditConstraint.new(v, strength)
  local self = setmetatable({}, EditConstraint)
  self:init(v, strength)
  return self
end
function EditConstraint:isInput() return true end
function EditConstraint:execute() end

-- A constraint with two possible output variables.
local BinaryConstraint = class(Constraint)

function BinaryConstraint:init(v1, v2, strength)
  Constraint.init(self, strength)
  self.v1 = v1
  self.v2 = v2
  self.direction = NONE
  self:addConstraint()
end

function BinaryConstraint:chooseMethod(mark)
  local v1, v2 = self.v1, self.v2
  if v1.mark == mark then
    if v2.mark ~= mark and stronger(self.strength, v2.walkStrength) then
      self.direction = FORWARD
    else
      self.direction = NONE
    end
  end
  if v2.mark == mark then
    if v1.mark ~= mark and stronger(self.strength, v1.walkStrength) then
      self.direction = BACKWARD
    else
      self.direction = NONE
    end
  end
  if weaker(v1.walkStrength, v2.walkStrength) then
    if stronger(self.strength, v1.walkStrength) then
      self.direction = BACKWARD
    else
      self.direction = NONE
    end
  else
    if stronger(self.strength, v2.walkStrength) then
      self.direction = FORWARD
    else
      self.direction = BACKWARD
    end
  end
end
function BinaryConstraint:addToGraph()
  self.v1:addConstraint(self)
  self.v2:addConstraint(self)
  self.direction = NONE
end
function BinaryConstraint:isSatisfied() return self.direction ~= NONE end
function BinaryConstraint:markInputs(mark) self:input().mark = mark end
function BinaryConstraint:input()
  if self.direction == FORWARD then return self.v1 end
  return self.v2
end
function BinaryConstraint:output()
  if self.direction == FORWARD then return self.v2 end
  return self.v1
end
function BinaryConstraint:recalculate()
  local ihn = self:input()
  local out = self:output()
  out.walkStrength = weakestOf(self.strength, ihn.walkStrength)
  out.stay = ihn.stay
  if out.stay then self:execute() end
end
function BinaryConstraint:markUnsatisfied() self.direction = NONE end
function BinaryConstraint:inputsKnown(mark)
  local i = self:input()
  return i.mark == mark or i.stay or i.determinedBy == nil
end
function BinaryConstraint:removeFromGraph()
  if self.v1 ~= nil then self.v1:removeConstraint(self) end
  if self.v2 ~= nil then self.v2:removeConstraint(self) end
  self.direction = NONE
end

-- v2 = v1 * scale + offset.
local ScaleConstraint = class(BinaryConstraint)
function ScaleConstraint.new(src, scale, offset, dest, strength)
  local self = setmetatable({}, ScaleConstraint)
  -- Set before init: it adds the constraint, which calls addToGraph.
  self.scale = scale
  self.offset = offset
  self:init(src, dest, strength)
  return self
end
function ScaleConstraint:addToGraph()
  BinaryConstraint.addToGraph(self)
  self.scale:addConstraint(self)
  self.offset:addConstraint(self)
end
function ScaleConstraint:removeFromGraph()
  BinaryConstraint.removeFromGraph(self)
  if self.scale ~= nil then self.scale:removeConstraint(self) end
  if self.offset ~= nil then self.offset:removeConstraint(self) end
end
function ScaleConstraint:markInputs(mark)
  BinaryConstraint.markInputs(self, mark)
  self.scale.mark = mark
  self.offset.mark = mark
end
function ScaleConstraint:execute()
  if self.direction == FORWARD then
    self.v2.value = self.v1.value * self.scale.value + self.offset.value
  else
    self.v1.value = (self.v2.value - self.offset.value) / self.scale.value
  end
end
function ScaleConstraint:recalculate()
  local ihn = self:input()
  local out = self:output()
  out.walkStrength = weakestOf(self.strength, ihn.walkStrength)
  out.stay = ihn.stay and self.scale.stay and self.offset.stay
  if out.stay then self:execute() end
end

-- v1 == v2.
local EqualityConstraint = class(BinaryConstraint)
function EqualityConstraint.new(v1, v2, strength)
  local self = setmetatable({}, EqualityConstraint)
  self:init(v1, v2, strength)
  return self
end
function EqualityConstraint:execute()
  self:output().value = self:input().value
end

-- A constrained variable.
local Variable = class()

function Variable.new(name, value)
  return setmetatable({ constraints = {}, determinedBy = nil, mark = 0,
                        walkStrength = WEAKEST, stay = true, name = name,
                        value = value }, Variable)
end
function Variable:addConstraint(c)
  local cs = self.constraints
  cs[#cs + 1] = c
end
function Variable:removeConstraint(c)
  local cs = self.constraints
  local i = 1
  while i <= #cs do
    if cs[i] == c then
      table.remove(cs, i)
    else
      i = i + 1
    end
  end
  if self.determinedBy == c then self.determinedBy = nil end
end

-- An ordered list of constraints to execute.
local Plan = class()
function Plan.new() return setmetatable({ list = {} }, Plan) end
function Plan:addConstraint(c)
  local list = self.list
  list[#list + 1] = c
end
function Plan:size() return #self.list end
function Plan:execute()
  local list = self.list
  for i = 1, #list do list[i]:execute() end
end

local Planner = class()

function Planner.new() return setmetatable({ currentMark = 0 }, Planner) end

function Planner:incrementalAdd(c)
  local mark = self:newMark()
  local overridden = c:satisfy(mark)
  while overridden ~= nil do
    overridden = overridden:satisfy(mark)
  end
end

function Planner:incrementalRemove(c)
  local out = c:output()
  c:markUnsatisfied()
  c:removeFromGraph()
  local unsatisfied = self:removePropagateFrom(out)
  local strength = REQUIRED
  while true do
    for i = 1, #unsatisfied do
      local u = unsatisfied[i]
      if u.strength == strength then self:incrementalAdd(u) end
    end
    strength = nextWeaker(strength)
    if strength == WEAKEST then break end
  end
end

function Planner:newMark()
  self.currentMark = self.currentMark + 1
  return self.currentMark
end

function Planner:makePlan(sources)
  local mark = self:newMark()
  local plan = Plan.new()
  local todo = sources
  while #todo > 0 do
    local c = table.remove(todo)
    if c:output().mark ~= mark and c:inputsKnown(mark) then
      plan:addConstraint(c)
      c:output().mark = mark
      self:addConstraintsConsumingTo(c:output(), todo)
    end
  end
  return plan
end

function Planner:extractPlanFromConstraints(constraints)
  local sources = {}
  for i = 1, #constraints do
    local c = constraints[i]
    if c:isInput() and c:isSatisfied() then sources[#sources + 1] = c end
  end
  return self:makePlan(sources)
end

function Planner:addPropagate(c, mark)
  local todo = { c }
  while #todo > 0 do
    local d = table.remove(todo)
    if d:output().mark == mark then
      self:incrementalRemove(c)
      return false
    end
    d:recalculate()
    self:addConstraintsConsumingTo(d:output(), todo)
  end
  return true
end

function Planner:removePropagateFrom(out)
  out.determinedBy = nil
  out.walkStrength = WEAKEST
  out.stay = true
  local unsatisfied = {}
  local todo = { out }
  while #todo > 0 do
    local v = table.remove(todo)
    local cs = v.constraints
    for i = 1, #cs do
      local c = cs[i]
      if not c:isSatisfied() then unsatisfied[#unsatisfied + 1] = c end
    end
    local determining = v.determinedBy
    for i = 1, #cs do
      local c = cs[i]
      if c ~= determining and c:isSatisfied() then
        c:recalculate()
        todo[#todo + 1] = c:output()
      end
    end
  end
  return unsatisfied
end

function Planner:addConstraintsConsumingTo(v, coll)
  local determining = v.determinedBy
  local cs = v.constraints
  for i = 1, #cs do
    local c = cs[i]
    if c ~= determining and c:isSatisfied() then coll[#coll + 1] = c end
  end
end

local total = 0

-- A long chain of equality constraints with a stay at one end and an edit
-- at the other; values must propagate down the whole chain.
local function chainTest(n)
  planner = Planner.new()
  local prev, first, last = nil, nil, nil
  for i = 0, n do
    local v = Variable.new("v" .. i, 0)
    if prev ~= nil then EqualityConstraint.new(prev, v, REQUIRED) end
    if i == 0 then first = v end
    if i == n then last = v end
    prev = v
  end
  StayConstraint.new(last, STRONG_DEFAULT)
  local edit = EditConstraint.new(first, PREFERRED)
  local plan = planner:extractPlanFromConstraints({ edit })
  for i = 0, 99 do
    first.value = i
    plan:execute()
    total = total + last.value
    if last.value ~= i then print("Chain test failed.") end
  end
end

local function change(v, newValue)
  local edit = EditConstraint.new(v, PREFERRED)
  local plan = planner:extractPlanFromConstraints({ edit })
  for _ = 1, 10 do
    v.value = newValue
    plan:execute()
  end
  edit:destroyConstraint()
end

-- Two sets of variables related by a linear transformation.
local function projectionTest(n)
  planner = Planner.new()
  local scale = Variable.new("scale", 10)
  local offset = Variable.new("offset", 1000)
  local src, dst = nil, nil
  local dests = {}
  for i = 0, n - 1 do
    src = Variable.new("src" .. i, i)
    dst = Variable.new("dst" .. i, i)
    dests[#dests + 1] = dst
    StayConstraint.new(src, NORMAL)
    ScaleConstraint.new(src, scale, offset, dst, REQUIRED)
  end
  change(src, 17)
  total = total + dst.value
  if dst.value ~= 1170 then print("Projection 1 failed") end
  change(dst, 1050)
  total = total + src.value
  if src.value ~= 5 then print("Projection 2 failed") end
  change(scale, 5)
  for i = 0, n - 2 do
    total = total + dests[i + 1].value
    if dests[i + 1].value ~= i * 5 + 1000 then print("Projection 3 failed") end
  end
  change(offset, 2000)
  for i = 0, n - 2 do
    total = total + dests[i + 1].value
    if dests[i + 1].value ~= i * 5 + 2000 then print("Projection 4 failed") end
  end
end

for _ = 1, 300 do
  chainTest(100)
  projectionTest(100)
end
print("deltablue " .. string.format("%d", total))
