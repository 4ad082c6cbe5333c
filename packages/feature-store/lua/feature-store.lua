#!lua name=fraudwatch_feature_store_v2
--[[
The FraudWatch feature store's Redis Functions (loaded with FUNCTION LOAD REPLACE, called with
FCALL). Each function is atomic; a single server commits many transactions in one call, a Cluster
one call per hash slot (see src/redis-store.ts). The library and function names carry the version
of their calling convention (fw2_), so predictors of the previous release keep their own library
(fraudwatch_feature_store_v1, fw1_) during a rolling update: the keys are the same.

An entity (one customer or terminal) is one string key: a ring of `days` day slots packed in
binary. Bytes 0-3 hold `last`, the newest day recorded; slot i (= day % days) follows at byte
4 + 16 i with its day, transaction count and summed value (amounts for a customer, fraud labels
for a terminal). A commit reads a ring whole, keeps its changes in Lua and writes only the slots
that changed (SETRANGE). Reads are plain GETs, decoded by src/entity-ring.ts, which also replays
add_event() for the transactions of a batch. A slot holding another day than the one wanted is
stale and counts as empty; a value of another length (another ring size) counts as no state; whole
keys expire. This mirrors DayRings in @fraudwatch/model, so both backends give bit-identical features.
]]

local HEAD = '<i4'
local SLOT = '<i4I4d' -- day, count, value
local SLOT_BYTES = 16
-- Elements per MGET or PFADD: unpack() fails beyond Lua's C stack (about 8000 values).
local CHUNK = 1000

local function ring_bytes(days)
  return 4 + SLOT_BYTES * days
end

-- The ring `s` if it is one of `days` days, else nil (no state).
local function usable(s, days)
  if s and #s == ring_bytes(days) then return s end
  return nil
end

-- Byte offset of `day`'s slot in a ring of `days` days.
local function slot_offset(days, day)
  return 4 + SLOT_BYTES * (day % days)
end

-- Byte offset of `day`'s slot, and its count and value (zeros when the slot holds another day).
local function slot_of(s, days, day)
  local at = slot_offset(days, day)
  local d, count, value = struct.unpack(SLOT, s, at + 1)
  if d ~= day then return at, 0, 0 end
  return at, count, value
end

-- An entity's ring as read (`s`: its value, false or nil when it has none), with the changes made
-- to it since kept beside it, in Lua: each write is then a SETRANGE of the slots changed, and each
-- redis.call, and each string built in Lua, costs Redis far more than the arithmetic.
local function open_ring(s, days, ttl)
  s = usable(s, days)
  return { s = s, days = days, ttl = ttl, last = s and struct.unpack(HEAD, s), slots = {}, changed = {} }
end

-- One more transaction of `value` on `day`; a day that has left the ring changes nothing.
local function add_event(ring, day, value)
  local days, last = ring.days, ring.last
  if last and day <= last - days then return end
  local at = slot_offset(days, day)
  local slot = ring.slots[at]
  local count, sum = 0, 0
  if slot then
    if slot[1] == day then count, sum = slot[2], slot[3] end
  else
    if ring.s then count, sum = select(2, slot_of(ring.s, days, day)) end
    ring.changed[#ring.changed + 1] = at
  end
  ring.slots[at] = { day, count + 1, sum + value }
  if not last or day > last then ring.last, ring.moved = day, true end
end

local zero_slots = {}
-- Writes what changed in `ring` to `key`. Its expiry (a ring and a day) restarts when its newest
-- day moves, once a day at most.
local function write_ring(key, ring)
  if #ring.changed == 0 then return end
  local ttl = ring.ttl
  if not ring.s then
    zero_slots[ring.days] = zero_slots[ring.days] or string.rep('\0', SLOT_BYTES * ring.days)
    redis.call('SET', key, struct.pack(HEAD, ring.last) .. zero_slots[ring.days], 'EX', ttl)
  elseif ring.moved then
    redis.call('SETRANGE', key, 0, struct.pack(HEAD, ring.last))
    redis.call('EXPIRE', key, ttl)
  end
  for _, at in ipairs(ring.changed) do
    local slot = ring.slots[at]
    redis.call('SETRANGE', key, at, struct.pack(SLOT, slot[1], slot[2], slot[3]))
  end
end

-- Records one transaction in the entity at `key`.
local function record(key, days, day, value, ttl)
  local ring = open_ring(redis.call('GET', key), days, ttl)
  add_event(ring, day, value)
  write_ring(key, ring)
end

-- Adds `delta` to the value of `day` for an entity already recorded, when that day is in its ring;
-- never below 0. True when it changed something.
local function add_value(key, days, day, delta)
  local s = usable(redis.call('GET', key), days)
  if not s then return false end
  local last = struct.unpack(HEAD, s)
  if day > last or day <= last - days then return false end
  local at, count, value = slot_of(s, days, day)
  redis.call('SETRANGE', key, at, struct.pack(SLOT, day, count, math.max(0, value + delta)))
  return true
end

-- Stores the prediction of a transaction unless one is stored: the earlier one, or false.
local function claim_record(key, prediction, ttl)
  return redis.call('SET', key, prediction, 'NX', 'GET', 'EX', ttl)
end

-- Adds members to a HyperLogLog of entities; PFADD answers 1 when it created or changed the key:
-- time to (re)set its expiry.
local function count_entities(key, members, ttl)
  local changed = false
  for from = 1, #members, CHUNK do
    if redis.call('PFADD', key, unpack(members, from, math.min(from + CHUNK - 1, #members))) == 1 then changed = true end
  end
  if changed then redis.call('EXPIRE', key, ttl) end
end

-- Cluster, the customer's slot. KEYS customer, record; ARGV day, ring, amount, prediction,
-- record_ttl, entity_ttl → {'dup', earlier prediction} | {'new', prediction}
local function claim(keys, args)
  local earlier = claim_record(keys[2], args[4], args[5])
  if earlier then return { 'dup', earlier } end
  record(keys[1], tonumber(args[2]), tonumber(args[1]), tonumber(args[3]), args[6])
  return { 'new', args[4] }
end

-- Cluster, the terminal's slot. KEYS terminal, marker; ARGV day, ring, entity_ttl, marker_ttl.
-- The marker makes a repeated call for one transaction a no-op.
local function terminal_part(keys, args)
  if not redis.call('SET', keys[2], 1, 'NX', 'EX', args[4]) then return 0 end
  record(keys[1], tonumber(args[2]), tonumber(args[1]), 0, args[3])
  return 1
end

-- Cluster, the {shared} slot. KEYS counter, customers_hll, terminals_hll, marker; ARGV op
-- (reset|inc|none), customer, terminal, hll_ttl, marker_ttl → the counter. The marker applies `op` once.
local function shared_part(keys, args)
  count_entities(keys[2], { args[2] }, args[4])
  count_entities(keys[3], { args[3] }, args[4])
  local op = args[1]
  if op ~= 'none' and redis.call('SET', keys[4], 1, 'NX', 'EX', args[5]) then
    if op == 'reset' then
      redis.call('SET', keys[1], 0)
      return 0
    end
    return redis.call('INCR', keys[1])
  end
  return tonumber(redis.call('GET', keys[1]) or '0')
end

-- The values of `keys`, in order (false for a missing key), in MGETs of CHUNK keys.
local function mget(keys)
  local values = {}
  for from = 1, #keys, CHUNK do
    local part = redis.call('MGET', unpack(keys, from, math.min(from + CHUNK - 1, #keys)))
    for i = 1, #part do values[from + i - 1] = part[i] end
  end
  return values
end

-- A single server: the commits of many transactions in one call, each as if committed alone, in
-- order. Every ring the call touches is read once (MGET), updated in Lua and written once.
-- KEYS per transaction: customer, record, terminal; then counter, customers_hll, terminals_hll.
-- ARGV customer_days, terminal_days, record_ttl, customer_ttl, terminal_ttl, hll_ttl, then per
--      transaction: day, amount, prediction, op (reset|inc|none), customer id, terminal id.
-- → per transaction: the earlier prediction (nil when recorded now), alert_counter after it.
local function commit_many(keys, args)
  local n = (#keys - 3) / 3
  local counter_key, customers_hll, terminals_hll = keys[3 * n + 1], keys[3 * n + 2], keys[3 * n + 3]
  local customer_days, terminal_days = tonumber(args[1]), tonumber(args[2])
  local record_ttl, customer_ttl, terminal_ttl, hll_ttl = args[3], args[4], args[5], args[6]

  local ring_keys, ring_at = {}, {}
  local function want(key)
    if not ring_at[key] then
      ring_keys[#ring_keys + 1] = key
      ring_at[key] = #ring_keys
    end
  end
  for t = 0, n - 1 do
    want(keys[3 * t + 1])
    want(keys[3 * t + 3])
  end
  local values, rings = mget(ring_keys), {}
  for t = 0, n - 1 do
    local c, te = ring_at[keys[3 * t + 1]], ring_at[keys[3 * t + 3]]
    rings[c] = rings[c] or open_ring(values[c], customer_days, customer_ttl)
    rings[te] = rings[te] or open_ring(values[te], terminal_days, terminal_ttl)
  end
  local counter = tonumber(redis.call('GET', counter_key) or '0')
  local counter_changed = false
  local customers, terminals, replies = {}, {}, {}

  for t = 0, n - 1 do
    local a = 6 + 6 * t
    local earlier = claim_record(keys[3 * t + 2], args[a + 3], record_ttl)
    if not earlier then
      local day = tonumber(args[a + 1])
      add_event(rings[ring_at[keys[3 * t + 1]]], day, tonumber(args[a + 2]))
      add_event(rings[ring_at[keys[3 * t + 3]]], day, 0)
      local op = args[a + 4]
      if op == 'reset' then
        counter, counter_changed = 0, true
      elseif op == 'inc' then
        counter, counter_changed = counter + 1, true
      end
      customers[#customers + 1] = args[a + 5]
      terminals[#terminals + 1] = args[a + 6]
    end
    replies[2 * t + 1] = earlier
    replies[2 * t + 2] = counter
  end

  for i, key in ipairs(ring_keys) do
    write_ring(key, rings[i])
  end
  if counter_changed then redis.call('SET', counter_key, counter) end
  count_entities(customers_hll, customers, hll_ttl)
  count_entities(terminals_hll, terminals, hll_ttl)
  return replies
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
    state = add_value(keys[2], tonumber(args[3]), tonumber(args[2]), 1) and ('F:' .. args[2]) or 'f'
  elseif previous and string.sub(previous, 1, 2) == 'F:' then
    add_value(keys[2], tonumber(args[3]), tonumber(string.sub(previous, 3)), -1)
  end
  redis.call('SET', keys[1], state, 'EX', args[4])
  return previous and 'corrected' or 'applied'
end

redis.register_function('fw2_commit_many', commit_many)
redis.register_function('fw2_claim', claim)
redis.register_function('fw2_terminal', terminal_part)
redis.register_function('fw2_shared', shared_part)
redis.register_function('fw2_label', label)
