-- richards: Martin Richards' task-scheduler simulation (twin of richards.writ).
-- Metatable classes; fields are read directly.

local COUNT = 1000
local EXPECTED_QUEUE_COUNT = 2322
local EXPECTED_HOLD_COUNT = 928

local ID_IDLE = 0
local ID_WORKER = 1
local ID_HANDLER_A = 2
local ID_HANDLER_B = 3
local ID_DEVICE_A = 4
local ID_DEVICE_B = 5
local NUMBER_OF_IDS = 6

local KIND_DEVICE = 0
local KIND_WORK = 1

local DATA_SIZE = 4

local STATE_RUNNING = 0
local STATE_RUNNABLE = 1
local STATE_SUSPENDED = 2
local STATE_HELD = 4
local STATE_SUSPENDED_RUNNABLE = STATE_SUSPENDED | STATE_RUNNABLE
local STATE_NOT_HELD = ~STATE_HELD

local function class()
  local c = {}
  c.__index = c
  return c
end

-- A unit of work passed between tasks.
local Packet = class()

function Packet.new(link, id, kind)
  local a2 = {}
  for i = 1, DATA_SIZE do a2[i] = 0 end
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = a2 }, Packet)
end

-- Appends this packet to the end of a queue and returns the queue's head.
function Packet:addTo(queue)
  self.link = nil
  if queue == nil then return self end
  local next = queue
  local peek = next.link
  while peek ~= nil do
    next = peek
    peek = next.link
  end
  next.link = self
  return queue
end

-- The scheduler's record of one task.
local TaskControlBlock = class()

function TaskControlBlock.new(link, id, priority, queue, task)
  local state
  if queue == nil then
    state = STATE_SUSPENDED
  else
    state = STATE_SUSPENDED_RUNNABLE
  end
  return setmetatable({ link = link, id = id, priority = priority, queue = queue,
                        task = task, state = state }, TaskControlBlock)
end

function TaskControlBlock:setRunning() self.state = STATE_RUNNING end
function TaskControlBlock:markAsNotHeld() self.state = self.state & STATE_NOT_HELD end
function TaskControlBlock:markAsHeld() self.state = self.state | STATE_HELD end
function TaskControlBlock:isHeldOrSuspended()
  return (self.state & STATE_HELD) ~= 0 or self.state == STATE_SUSPENDED
end
function TaskControlBlock:markAsSuspended() self.state = self.state | STATE_SUSPENDED end
function TaskControlBlock:markAsRunnable() self.state = self.state | STATE_RUNNABLE end

function TaskControlBlock:run()
  local packet = nil
  if self.state == STATE_SUSPENDED_RUNNABLE then
    packet = self.queue
    self.queue = packet.link
    if self.queue == nil then
      self.state = STATE_RUNNING
    else
      self.state = STATE_RUNNABLE
    end
  end
  return self.task:run(packet)
end

-- Adds a packet to this task's queue; answers the task to run next.
function TaskControlBlock:checkPriorityAdd(task, packet)
  if self.queue == nil then
    self.queue = packet
    self:markAsRunnable()
    if self.priority > task.priority then return self end
  else
    self.queue = packet:addTo(self.queue)
  end
  return task
end

local IdleTask = class()

function IdleTask.new(scheduler, v1, count)
  return setmetatable({ scheduler = scheduler, v1 = v1, count = count }, IdleTask)
end

function IdleTask:run(packet)
  self.count = self.count - 1
  if self.count == 0 then return self.scheduler:holdCurrent() end
  if (self.v1 & 1) == 0 then
    self.v1 = self.v1 >> 1
    return self.scheduler:release(ID_DEVICE_A)
  end
  self.v1 = (self.v1 >> 1) ~ 53256
  return self.scheduler:release(ID_DEVICE_B)
end

local DeviceTask = class()

function DeviceTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, v1 = nil }, DeviceTask)
end

function DeviceTask:run(packet)
  if packet == nil then
    if self.v1 == nil then return self.scheduler:suspendCurrent() end
    local v = self.v1
    self.v1 = nil
    return self.scheduler:queue(v)
  end
  self.v1 = packet
  return self.scheduler:holdCurrent()
end

local WorkerTask = class()

function WorkerTask.new(scheduler, v1, v2)
  return setmetatable({ scheduler = scheduler, v1 = v1, v2 = v2 }, WorkerTask)
end

function WorkerTask:run(packet)
  if packet == nil then return self.scheduler:suspendCurrent() end
  if self.v1 == ID_HANDLER_A then
    self.v1 = ID_HANDLER_B
  else
    self.v1 = ID_HANDLER_A
  end
  packet.id = self.v1
  packet.a1 = 0
  local a2 = packet.a2
  for i = 1, DATA_SIZE do
    self.v2 = self.v2 + 1
    if self.v2 > 26 then self.v2 = 1 end
    a2[i] = self.v2
  end
  return self.scheduler:queue(packet)
end

local HandlerTask = class()

function HandlerTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, v1 = nil, v2 = nil }, HandlerTask)
end

function HandlerTask:run(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then
      self.v1 = packet:addTo(self.v1)
    else
      self.v2 = packet:addTo(self.v2)
    end
  end
  if self.v1 ~= nil then
    local count = self.v1.a1
    if count < DATA_SIZE then
      if self.v2 ~= nil then
        local v = self.v2
        self.v2 = self.v2.link
        v.a1 = self.v1.a2[count + 1]
        self.v1.a1 = count + 1
        return self.scheduler:queue(v)
      end
    else
      local v = self.v1
      self.v1 = self.v1.link
      return self.scheduler:queue(v)
    end
  end
  return self.scheduler:suspendCurrent()
end

local Scheduler = class()

function Scheduler.new()
  -- blocks is indexed by task id (0-based ids stored at id + 1).
  local blocks = {}
  for i = 1, NUMBER_OF_IDS do blocks[i] = false end
  return setmetatable({ queueCount = 0, holdCount = 0, blocks = blocks,
                        list = nil, currentTcb = nil, currentId = nil }, Scheduler)
end

function Scheduler:addIdleTask(id, priority, queue, count)
  self:addRunningTask(id, priority, queue, IdleTask.new(self, 1, count))
end
function Scheduler:addWorkerTask(id, priority, queue)
  self:addTask(id, priority, queue, WorkerTask.new(self, ID_HANDLER_A, 0))
end
function Scheduler:addHandlerTask(id, priority, queue)
  self:addTask(id, priority, queue, HandlerTask.new(self))
end
function Scheduler:addDeviceTask(id, priority, queue)
  self:addTask(id, priority, queue, DeviceTask.new(self))
end
function Scheduler:addRunningTask(id, priority, queue, task)
  self:addTask(id, priority, queue, task)
  self.currentTcb:setRunning()
end
function Scheduler:addTask(id, priority, queue, task)
  self.currentTcb = TaskControlBlock.new(self.list, id, priority, queue, task)
  self.list = self.currentTcb
  self.blocks[id + 1] = self.currentTcb
end

function Scheduler:schedule()
  self.currentTcb = self.list
  while self.currentTcb ~= nil do
    if self.currentTcb:isHeldOrSuspended() then
      self.currentTcb = self.currentTcb.link
    else
      self.currentId = self.currentTcb.id
      self.currentTcb = self.currentTcb:run()
    end
  end
end

function Scheduler:release(id)
  local tcb = self.blocks[id + 1]
  if not tcb then return nil end
  tcb:markAsNotHeld()
  if tcb.priority > self.currentTcb.priority then return tcb end
  return self.currentTcb
end
function Scheduler:holdCurrent()
  self.holdCount = self.holdCount + 1
  self.currentTcb:markAsHeld()
  return self.currentTcb.link
end
function Scheduler:suspendCurrent()
  self.currentTcb:markAsSuspended()
  return self.currentTcb
end
function Scheduler:queue(packet)
  local t = self.blocks[packet.id + 1]
  if not t then return nil end
  self.queueCount = self.queueCount + 1
  packet.link = nil
  packet.id = self.currentId
  return t:checkPriorityAdd(self.currentTcb, packet)
end

local function runRichards()
  local scheduler = Scheduler.new()
  scheduler:addIdleTask(ID_IDLE, 0, nil, COUNT)

  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  scheduler:addWorkerTask(ID_WORKER, 1000, queue)

  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  scheduler:addHandlerTask(ID_HANDLER_A, 2000, queue)

  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  scheduler:addHandlerTask(ID_HANDLER_B, 3000, queue)

  scheduler:addDeviceTask(ID_DEVICE_A, 4000, nil)
  scheduler:addDeviceTask(ID_DEVICE_B, 5000, nil)

  scheduler:schedule()
  if scheduler.queueCount ~= EXPECTED_QUEUE_COUNT or scheduler.holdCount ~= EXPECTED_HOLD_COUNT then
    print("richards: bad counts " .. scheduler.queueCount .. " " .. scheduler.holdCount)
  end
  return scheduler.queueCount + scheduler.holdCount
end

local total = 0
for _ = 1, 350 do
  total = total + runRichards()
end
print("richards " .. total)
