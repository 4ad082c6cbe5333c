#!lua name=fraudwatch_feature_store_v1
--[[
The FraudWatch feature store's Redis Functions (loaded with FUNCTION LOAD REPLACE, called with
FCALL). Each function is atomic; a single server runs a whole commit in one call, a Cluster one
call per hash slot (see src/redis-store.ts).

An entity (one customer or terminal) is one string key: a ring of `ring` day slots packed in
binary. Bytes 0-3 hold `last`, the newest day recorded; slot i (= day % ring) follows at byte
4 + 16 i with its day, transaction count and summed value (amounts for a customer, fraud labels
for a terminal). Writes patch one slot (SETRANGE); reads are plain GETs, decoded by
src/entity-ring.ts (summing the windows in Lua cost Redis many times the CPU of a GET). A slot holding
another day than the one wanted is stale and counts as empty (overwritten on write); whole keys
expire. This mirrors DayRings in @fraudwatch/model, so both backends give bit-identical features.
]]

local HEAD = '<i4'
local SLOT = '<i4I4d' -- day, count, value
local SLOT_BYTES = 16

-- The newest day recorded, or nil for an entity with no state.
local function last_day(key)
  local head = redis.call('GETRANGE', key, 0, 3)
  if #head < 4 then return nil end
  return struct.unpack(HEAD, head)
end

-- The count and value of `day` in slot i (zeros when the slot holds another day).
local function read_slot(key, i, day)
  local offset = 4 + SLOT_BYTES * i
  local packed = redis.call('GETRANGE', key, offset, offset + SLOT_BYTES - 1)
  if #packed == SLOT_BYTES then
    local d, n, v = struct.unpack(SLOT, packed)
    if d == day then return n, v end
  end
  return 0, 0
end

local function write_slot(key, i, day, count, value)
  redis.call('SETRANGE', key, 4 + SLOT_BYTES * i, struct.pack(SLOT, day, count, value))
end

local function record(key, day, ring, value, ttl)
  local last = last_day(key)
  if last and day <= last - ring then return end
  -- Allocated whole at once: grown slot by slot, the string would keep spare room.
  if not last then redis.call('SET', key, string.rep('\0', 4 + SLOT_BYTES * ring)) end
  local i = day % ring
  local count, sum = read_slot(key, i, day)
  write_slot(key, i, day, count + 1, sum + value)
  -- The expiry moves with the newest day (it is a ring plus a day long): once a day is enough.
  if not last or day > last then
    redis.call('SETRANGE', key, 0, struct.pack(HEAD, day))
    redis.call('EXPIRE', key, ttl)
  end
end

-- Adds `delta` to the value of `day` for an entity already recorded, when that day is in its ring;
-- never below 0. True when it changed something.
local function add_value(key, day, ring, delta)
  local last = last_day(key)
  if not last or day > last or day <= last - ring then return false end
  local i = day % ring
  local count, value = read_slot(key, i, day)
  write_slot(key, i, day, count, math.max(0, value + delta))
  return true
end

-- KEYS customer, record; ARGV day, ring, amount, prediction, record_ttl, entity_ttl
-- → {'dup', earlier prediction} | {'new', prediction}
local function claim(keys, args)
  local earlier = redis.call('GET', keys[2])
  if earlier then return { 'dup', earlier } end
  redis.call('SET', keys[2], args[4], 'EX', args[5])
  record(keys[1], tonumber(args[1]), tonumber(args[2]), tonumber(args[3]), tonumber(args[6]))
  return { 'new', args[4] }
end

-- KEYS terminal[, marker]; ARGV day, ring, entity_ttl, marker_ttl. The marker (Cluster only)
-- makes a repeated call for one transaction a no-op.
local function terminal_part(keys, args)
  if keys[2] and not redis.call('SET', keys[2], 1, 'NX', 'EX', args[4]) then return 0 end
  record(keys[1], tonumber(args[1]), tonumber(args[2]), 0, tonumber(args[3]))
  return 1
end

-- KEYS counter, customers_hll, terminals_hll[, marker]; ARGV op (reset|inc|none), customer,
-- terminal, hll_ttl, marker_ttl → the counter. The marker (Cluster only) applies `op` once.
local function shared_part(keys, args)
  -- PFADD answers 1 when it created the key (or changed it): time to (re)set its expiry.
  if redis.call('PFADD', keys[2], args[2]) == 1 then redis.call('EXPIRE', keys[2], args[4]) end
  if redis.call('PFADD', keys[3], args[3]) == 1 then redis.call('EXPIRE', keys[3], args[4]) end
  local op = args[1]
  if op ~= 'none' and (not keys[4] or redis.call('SET', keys[4], 1, 'NX', 'EX', args[5])) then
    if op == 'reset' then
      redis.call('SET', keys[1], 0)
      return 0
    end
    return redis.call('INCR', keys[1])
  end
  return tonumber(redis.call('GET', keys[1]) or '0')
end

-- A single server: the whole commit in one call.
-- KEYS customer, record, terminal, counter, customers_hll, terminals_hll
-- ARGV day, customer_ring, amount, prediction, record_ttl, customer_ttl, terminal_ring,
--      terminal_ttl, op, customer, terminal, hll_ttl
-- → {'dup', earlier prediction, counter} | {'new', prediction, counter}
local function commit(keys, args)
  local claimed = claim({ keys[1], keys[2] }, { args[1], args[2], args[3], args[4], args[5], args[6] })
  if claimed[1] == 'dup' then
    claimed[3] = tonumber(redis.call('GET', keys[4]) or '0')
    return claimed
  end
  terminal_part({ keys[3] }, { args[1], args[7], args[8] })
  claimed[3] = shared_part({ keys[4], keys[5], keys[6] }, { args[9], args[10], args[11], args[12] })
  return claimed
end

-- KEYS label_state, terminal; ARGV is_fraud (1|0), day, ring, ttl
-- → 'applied' | 'duplicate' | 'corrected'. The state is F:<day> (a fraud counted on that day),
-- f (a fraud that found nothing to count in) or l (legit).
local function label(keys, args)
  local previous = redis.call('GET', keys[1])
  local fraud = args[1] == '1'
  if previous and (previous ~= 'l') == fraud then return 'duplicate' end
  local state = 'l'
  if fraud then
    state = add_value(keys[2], tonumber(args[2]), tonumber(args[3]), 1) and ('F:' .. args[2]) or 'f'
  elseif previous and string.sub(previous, 1, 2) == 'F:' then
    add_value(keys[2], tonumber(string.sub(previous, 3)), tonumber(args[3]), -1)
  end
  redis.call('SET', keys[1], state, 'EX', args[4])
  return previous and 'corrected' or 'applied'
end

-- A single server: the commits of several transactions in one call, in order; KEYS and ARGV are
-- those of `commit` above for each transaction in turn (6 keys, 12 arguments each) → their replies, flat.
local function commit_many(keys, args)
  local replies = {}
  for t = 0, #keys / 6 - 1 do
    local reply = commit({ unpack(keys, 6 * t + 1, 6 * t + 6) }, { unpack(args, 12 * t + 1, 12 * t + 12) })
    replies[#replies + 1] = reply[1]
    replies[#replies + 1] = reply[2]
    replies[#replies + 1] = reply[3]
  end
  return replies
end

redis.register_function('fw1_commit_many', commit_many)
redis.register_function('fw1_claim', claim)
redis.register_function('fw1_terminal', terminal_part)
redis.register_function('fw1_shared', shared_part)
redis.register_function('fw1_label', label)
