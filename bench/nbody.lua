-- nbody: Benchmarks Game n-body simulation (twin of nbody.writ).
-- Bodies are tables with a metatable class; fields are read directly.
local sqrt, floor = math.sqrt, math.floor

local PI = math.pi
local SOLAR_MASS = 4 * PI * PI
local DAYS_PER_YEAR = 365.24

local Body = {}
Body.__index = Body

function Body.new(x, y, z, vx, vy, vz, mass)
  return setmetatable({ x = x, y = y, z = z, vx = vx, vy = vy, vz = vz, mass = mass }, Body)
end

function Body:setVelocity(vx, vy, vz)
  self.vx = vx
  self.vy = vy
  self.vz = vz
end

function Body:addVelocity(dx, dy, dz)
  self.vx = self.vx + dx
  self.vy = self.vy + dy
  self.vz = self.vz + dz
end

function Body:move(dt)
  self.x = self.x + dt * self.vx
  self.y = self.y + dt * self.vy
  self.z = self.z + dt * self.vz
end

local function makeBodies()
  local sun = Body.new(0, 0, 0, 0, 0, 0, SOLAR_MASS)
  local jupiter = Body.new(
    4.84143144246472090e+00,
    -1.16032004402742839e+00,
    -1.03622044471123109e-01,
    1.66007664274403694e-03 * DAYS_PER_YEAR,
    7.69901118419740425e-03 * DAYS_PER_YEAR,
    -6.90460016972063023e-05 * DAYS_PER_YEAR,
    9.54791938424326609e-04 * SOLAR_MASS)
  local saturn = Body.new(
    8.34336671824457987e+00,
    4.12479856412430479e+00,
    -4.03523417114321381e-01,
    -2.76742510726862411e-03 * DAYS_PER_YEAR,
    4.99852801234917238e-03 * DAYS_PER_YEAR,
    2.30417297573763929e-05 * DAYS_PER_YEAR,
    2.85885980666130812e-04 * SOLAR_MASS)
  local uranus = Body.new(
    1.28943695621391310e+01,
    -1.51111514016986312e+01,
    -2.23307578892655734e-01,
    2.96460137564761618e-03 * DAYS_PER_YEAR,
    2.37847173959480950e-03 * DAYS_PER_YEAR,
    -2.96589568540237556e-05 * DAYS_PER_YEAR,
    4.36624404335156298e-05 * SOLAR_MASS)
  local neptune = Body.new(
    1.53796971148509165e+01,
    -2.59193146099879641e+01,
    1.79258772950371181e-01,
    2.68067772490389322e-03 * DAYS_PER_YEAR,
    1.62824170038242295e-03 * DAYS_PER_YEAR,
    -9.51592254519715870e-05 * DAYS_PER_YEAR,
    5.15138902046611451e-05 * SOLAR_MASS)
  return { sun, jupiter, saturn, uranus, neptune }
end

local function offsetMomentum(bodies)
  local px, py, pz = 0, 0, 0
  for _, b in ipairs(bodies) do
    px = px + b.vx * b.mass
    py = py + b.vy * b.mass
    pz = pz + b.vz * b.mass
  end
  bodies[1]:setVelocity(-px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS)
end

local function energy(bodies)
  local e = 0
  local n = #bodies
  for i = 1, n do
    local bi = bodies[i]
    local vx, vy, vz = bi.vx, bi.vy, bi.vz
    e = e + 0.5 * bi.mass * (vx * vx + vy * vy + vz * vz)
    for j = i + 1, n do
      local bj = bodies[j]
      local dx = bi.x - bj.x
      local dy = bi.y - bj.y
      local dz = bi.z - bj.z
      e = e - (bi.mass * bj.mass) / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function advance(bodies, dt)
  local n = #bodies
  for i = 1, n do
    local bi = bodies[i]
    local bix, biy, biz, bimass = bi.x, bi.y, bi.z, bi.mass
    local bivx, bivy, bivz = bi.vx, bi.vy, bi.vz
    for j = i + 1, n do
      local bj = bodies[j]
      local dx = bix - bj.x
      local dy = biy - bj.y
      local dz = biz - bj.z
      local dist2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (dist2 * sqrt(dist2))
      local bm = bj.mass * mag
      bivx = bivx - dx * bm
      bivy = bivy - dy * bm
      bivz = bivz - dz * bm
      bm = bimass * mag
      bj:addVelocity(dx * bm, dy * bm, dz * bm)
    end
    bi:setVelocity(bivx, bivy, bivz)
    bi:move(dt)
  end
end

local bodies = makeBodies()
offsetMomentum(bodies)
local before = energy(bodies)
for _ = 1, 400000 do
  advance(bodies, 0.01)
end
local after = energy(bodies)
-- Energies as integers (units of 1e-12) so both languages agree exactly.
print("nbody " .. floor(before * 1e12) .. " " .. floor(after * 1e12))
