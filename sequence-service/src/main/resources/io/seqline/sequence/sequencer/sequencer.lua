--[[
The sequencer step for ONE inbound send, run atomically by Redis (DESIGN §4).

KEYS[1] im:seq:{c}          hash: cur = last issued seq, ceil = highest seq reserved in PostgreSQL
KEYS[2] im:stream:{c}:{s}   hash: last = last accepted clientSeq; field "<clientSeq>" = "<seq>:<origin>"
KEYS[3] im:members:{c}      set of member user ids (groups only)

ARGV[1] clientSeq (decimal, 1 .. 2^53-1)
ARGV[2] origin: "<partition>:<offset>" of the im.inbound record being processed
ARGV[3] dedup window W (how many recent clientSeqs keep their seq)
ARGV[4] stream state TTL in seconds
ARGV[5] "1" when the sender's membership in KEYS[3] must be checked (groups), else "0"
ARGV[6] sender user id

Returns {code, value}:
  0 ACCEPTED       value = the new seq
  1 DUPLICATE      value = "<seq>:<origin>" recorded when this clientSeq was accepted
  2 OUT_OF_ORDER   value = the clientSeq the stream expects next
  3 NOT_MEMBER
  4 NEED_INIT      no seq state for the conversation: caller reserves a block, then retries
  5 NEED_RESERVE   value = cur; the reserved block is used up: caller reserves more, then retries
  6 NEED_MEMBERS   no members set cached: caller loads it from PostgreSQL, then retries

Every NEED_* is returned before anything is written, so that later records of the same conversation in
a pipelined batch also stop at NEED_* and are retried in order with it.
Numbers stay below 2^53 (exact in Lua's doubles); string.format('%d') keeps them out of exponent notation.
]]
local cur = redis.call('HGET', KEYS[1], 'cur')
if not cur then
  return {4, 0}
end
cur = tonumber(cur)
local ceil = tonumber(redis.call('HGET', KEYS[1], 'ceil') or '0')
if cur >= ceil then
  return {5, cur}
end
if cur >= 9007199254740990 then
  return redis.error_reply('SEQ_EXHAUSTED conversation seq reached 2^53')
end
local checkMembers = ARGV[5] == '1'
if checkMembers and redis.call('EXISTS', KEYS[3]) == 0 then
  return {6, 0}
end

local cs = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
local last = redis.call('HGET', KEYS[2], 'last')
if last then
  last = tonumber(last)
  if cs <= last then
    if cs > last - window then
      local prior = redis.call('HGET', KEYS[2], ARGV[1])
      if prior then
        return {1, prior}
      end
    end
    return {2, last + 1}
  end
  if cs > last + 1 then
    return {2, last + 1}
  end
end
-- a stream with no state (new, expired or lost with Redis) starts at whatever clientSeq it sends first

if checkMembers and redis.call('SISMEMBER', KEYS[3], ARGV[6]) == 0 then
  return {3, 0}
end

local seq = redis.call('HINCRBY', KEYS[1], 'cur', 1)
redis.call('HSET', KEYS[2], 'last', ARGV[1], ARGV[1], string.format('%d', seq) .. ':' .. ARGV[2])
if cs - window > 0 then
  redis.call('HDEL', KEYS[2], string.format('%d', cs - window))
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
return {0, seq}
