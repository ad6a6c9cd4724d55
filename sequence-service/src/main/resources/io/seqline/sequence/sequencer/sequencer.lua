--[[
The sequencer step for ONE inbound send, run atomically by Redis (DESIGN §4).

KEYS[1] im:seq:{c}          hash: cur = last issued seq, ceil = highest seq reserved in PostgreSQL
KEYS[2] im:stream:{c}:{s}   hash: last = last accepted clientSeq; field "<clientSeq>" = "<seq>:<origin>"
KEYS[3] im:members:{c}      hash (groups): user id -> seq of the event that made them a member
                            (0 when rebuilt from PostgreSQL); the field "" marks the set as loaded
KEYS[4] im:recalled:{c}     set of the seqs a recall event was issued for

ARGV[1] clientSeq (decimal, 1 .. 2^53-1)
ARGV[2] origin: "<partition>:<offset>" of the im.inbound record being processed
ARGV[3] dedup window W (how many recent clientSeqs keep their seq)
ARGV[4] stream state TTL in seconds
ARGV[5] members mode: "0" no check (direct chats, group creation, system messages),
                      "1" the sender must be a member (user sends to a group),
                      "2" the member set must be loaded, sender not checked (system ADD/REMOVE/LEAVE)
ARGV[6] sender user id
ARGV[7] membership change applied with the seq: "" none, CREATE, ADD, REMOVE, LEAVE
ARGV[8] the seq this send recalls, "0" when it is not a recall
ARGV[9..] the users of the membership change

Returns {code, value}:
  0 ACCEPTED       value = the new seq; a third element is the ceiling (to reserve ahead of it)
  1 DUPLICATE      value = "<seq>:<origin>" recorded when this clientSeq was accepted
  2 OUT_OF_ORDER   value = the clientSeq the stream expects next
  3 NOT_MEMBER
  4 NEED_INIT      no seq state for the conversation: caller reserves a block, then retries
  5 NEED_RESERVE   value = cur; the reserved block is used up: caller reserves more, then retries
  6 NEED_MEMBERS   the member set is not loaded: caller loads it from PostgreSQL, then retries
  7 RECALL_DENIED  the target was already recalled (each message is recalled once)

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
local mode = ARGV[5]
if mode ~= '0' and redis.call('EXISTS', KEYS[3]) == 0 then
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

if mode == '1' and redis.call('HEXISTS', KEYS[3], ARGV[6]) == 0 then
  return {3, 0}
end

local recallTarget = ARGV[8]
if recallTarget ~= '0' then
  if tonumber(recallTarget) > cur or redis.call('SISMEMBER', KEYS[4], recallTarget) == 1 then
    return {7, 0}
  end
  redis.call('SADD', KEYS[4], recallTarget)
end

local seq = redis.call('HINCRBY', KEYS[1], 'cur', 1)
local seqText = string.format('%d', seq)
redis.call('HSET', KEYS[2], 'last', ARGV[1], ARGV[1], seqText .. ':' .. ARGV[2])
if cs - window > 0 then
  redis.call('HDEL', KEYS[2], string.format('%d', cs - window))
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))

-- membership is part of the log: the change takes effect exactly at this seq
local change = ARGV[7]
if change == 'CREATE' then
  redis.call('DEL', KEYS[3])
  redis.call('HSET', KEYS[3], '', '0')
end
if change == 'CREATE' or change == 'ADD' then
  for i = 9, #ARGV do
    if redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then
      redis.call('HSET', KEYS[3], ARGV[i], seqText)
    end
  end
elseif change == 'REMOVE' or change == 'LEAVE' then
  for i = 9, #ARGV do
    redis.call('HDEL', KEYS[3], ARGV[i])
  end
end
return {0, seq, ceil}
