#!lua name=fraudwatch_feature_store_v1
--[[
The FraudWatch feature store's Redis Functions (loaded with FUNCTION LOAD REPLACE, called with
FCALL). Each function is atomic; a single server runs a whole commit in one call, a Cluster one
call per hash slot (see src/redis-store.ts).

An entity hash (one customer or terminal) holds a ring of `ring` day slots: slot i = day % ring has
fields d<i> (its day), n<i> (transactions) and v<i> (summed value: amounts for a customer, fraud
labels for a terminal), plus `last`, the newest day recorded. A slot whose day is not the one a
read or write wants is stale and counts as empty (overwritten on write): Redis 7.0 cannot expire
hash fields, so the whole key expires instead. This mirrors DayRings in @fraudwatch/model exactly,
including the order of float additions, so both backends give bit-identical features.
]]

local WINDOWS = { 1, 7, 30 } -- WINDOW_DAYS of @fraudwatch/model
local LONGEST = WINDOWS[#WINDOWS]

-- Lua's tostring keeps 14 digits; 17 round-trip a double exactly.
local function fmt(x)
  return string.format('%.17g', x)
end

local function record(key, day, ring, value, ttl)
  local last = tonumber(redis.call('HGET', key, 'last'))
  if last and day <= last - ring then return end
  if not last or day > last then redis.call('HSET', key, 'last', day) end
  local i = day % ring
  local slot = redis.call('HMGET', key, 'd' .. i, 'n' .. i, 'v' .. i)
  if tonumber(slot[1]) == day then
    redis.call('HSET', key, 'n' .. i, tonumber(slot[2]) + 1, 'v' .. i, fmt(tonumber(slot[3]) + value))
  else
    redis.call('HSET', key, 'd' .. i, day, 'n' .. i, 1, 'v' .. i, fmt(value))
  end
  redis.call('EXPIRE', key, ttl)
end

-- Adds `delta` to the value of `day` for an entity already recorded, when that day is in its ring;
-- never below 0. True when it changed something.
local function add_value(key, day, ring, delta)
  local last = tonumber(redis.call('HGET', key, 'last'))
  if not last or day > last or day <= last - ring then return false end
  local i = day % ring
  local slot = redis.call('HMGET', key, 'd' .. i, 'n' .. i, 'v' .. i)
  local count, value = 0, 0
  if tonumber(slot[1]) == day then count, value = tonumber(slot[2]), tonumber(slot[3]) end
  redis.call('HSET', key, 'd' .. i, day, 'n' .. i, count, 'v' .. i, fmt(math.max(0, value + delta)))
  return true
end

-- Appends, per window ending at end_day, the transaction count and the summed value (as strings).
local function window_sums(key, end_day, ring, out)
  local fields = { 'last' }
  for k = 0, LONGEST - 1 do
    local i = (end_day - k) % ring
    fields[#fields + 1] = 'd' .. i
    fields[#fields + 1] = 'n' .. i
    fields[#fields + 1] = 'v' .. i
  end
  local r = redis.call('HMGET', key, unpack(fields))
  local last = tonumber(r[1])
  local count, sum, w = 0, 0, 1
  for k = 0, LONGEST - 1 do
    local day = end_day - k
    if last and day <= last and day > last - ring and tonumber(r[2 + 3 * k]) == day then
      count = count + tonumber(r[3 + 3 * k])
      sum = sum + tonumber(r[4 + 3 * k])
    end
    if k + 1 == WINDOWS[w] then
      out[#out + 1] = fmt(count)
      out[#out + 1] = fmt(sum)
      w = w + 1
    end
  end
  return out
end

-- KEYS customer, record; ARGV day, ring → {'seen', prediction} | {'new', 6 window sums}
local function customer_view(keys, args)
  local prediction = redis.call('GET', keys[2])
  if prediction then return { 'seen', prediction } end
  return window_sums(keys[1], tonumber(args[1]), tonumber(args[2]), { 'new' })
end

-- KEYS terminal; ARGV end_day, ring → 6 window sums
local function terminal_view(keys, args)
  return window_sums(keys[1], tonumber(args[1]), tonumber(args[2]), {})
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
  redis.call('PFADD', keys[2], args[2])
  redis.call('EXPIRE', keys[2], args[4])
  redis.call('PFADD', keys[3], args[3])
  redis.call('EXPIRE', keys[3], args[4])
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

redis.register_function { function_name = 'fw1_customer_view', callback = customer_view, flags = { 'no-writes' } }
redis.register_function { function_name = 'fw1_terminal_view', callback = terminal_view, flags = { 'no-writes' } }
redis.register_function('fw1_commit', commit)
redis.register_function('fw1_claim', claim)
redis.register_function('fw1_terminal', terminal_part)
redis.register_function('fw1_shared', shared_part)
redis.register_function('fw1_label', label)
