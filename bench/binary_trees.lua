-- binary_trees: allocation-heavy recursion (twin of binary_trees.writ).
local Tree = {}
Tree.__index = Tree

function Tree.new(left, right)
  return setmetatable({ left = left, right = right }, Tree)
end

function Tree:check()
  if self.left == nil then return 1 end
  return 1 + self.left:check() + self.right:check()
end

local function bottomUp(depth)
  if depth == 0 then return Tree.new(nil, nil) end
  return Tree.new(bottomUp(depth - 1), bottomUp(depth - 1))
end

local minDepth = 4
local maxDepth = 14
local stretchDepth = maxDepth + 1

local checksum = bottomUp(stretchDepth):check()
local longLived = bottomUp(maxDepth)

local depth = minDepth
while depth <= maxDepth do
  local iterations = 1 << (maxDepth - depth + minDepth)
  local check = 0
  for _ = 1, iterations do
    check = check + bottomUp(depth):check()
  end
  checksum = checksum + check
  depth = depth + 2
end
checksum = checksum + longLived:check()
print("binary_trees " .. checksum)
