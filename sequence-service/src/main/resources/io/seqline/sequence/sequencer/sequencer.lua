--[[
The sequencer step for ONE inbound send, run atomically by Redis (docs/architecture.md, "Ordering").

KEYS[1] im:seq:{c}              hash: cur  = last issued seq
                                      ceil = highest seq reserved in PostgreSQL
                                      ep   = highest owner epoch that decided a send of c (fencing)
                                      lo   = origin of the last send of c decided (pipeline order)
KEYS[2] im:stream:{c}:{u}:{d}:{s} hash of the send stream s of user u's device d:
                                      last = last accepted clientSeq
                                      "<clientSeq>"  = "<seq>:<serverTimeMs>:<origin>" (the dedup window)
                                      "r<clientSeq>" = "<code>:<expected>:<origin>" (a refusal of that record)
KEYS[3] im:members:{c}          hash (groups): user id -> seq of the event that made them a member
                                (after a membership change, c is published on channel im:members-changed)
                                (0 when rebuilt from PostgreSQL); the field "" marks the set as loaded
KEYS[4] im:recalled:{c}         set of the seqs a recall event was issued for

ARGV[1]  clientSeq (decimal, 1 .. 2^53-1)
ARGV[2]  origin: "<partition>:<offset>" of the im.inbound record being processed
ARGV[3]  dedup window W (how many recent clientSeqs keep their outcome)
ARGV[4]  stream state TTL in seconds
ARGV[5]  members mode: "0" no check (direct chats, group creation, system messages),
                       "1" the sender must be a member (user sends to a group),
                       "2" the member set must be loaded, sender not checked (system ADD/REMOVE/LEAVE)
ARGV[6]  sender user id
ARGV[7]  membership change applied with the seq: "" none, CREATE, ADD, REMOVE, LEAVE
ARGV[8]  the seq this send recalls, "0" when it is not a recall
ARGV[9]  the caller's owner epoch for the record's partition (monotonic, from PostgreSQL)
ARGV[10] origin of the previous send of the same conversation in the same pipelined round, "" if none
ARGV[11] serverTimeMs to stamp on the message if this call issues its seq
ARGV[12] "1" when another send of the same conversation follows this one in the round (it will check "lo")
ARGV[13] for a recall, the latest serverTimeMs at which it may take its seq; "-1" no limit, "0" never
          (the gateway's findings, applied here, after dedup, so that a resent recall that was applied
          is a duplicate whatever changed since)
ARGV[14] "1" when the client flags the send as the start of a stream with no state (ClientFrame.Send
          stream_start: it found in history that this send and the later ones were not sequenced), else "0"
ARGV[15..] the users of the membership change

Returns {code, value}:
  0 ACCEPTED       value = the seq; third element the ceiling (to reserve ahead), fourth the serverTimeMs
  1 DUPLICATE      value = "<seq>:<serverTimeMs>:<origin>" recorded when this clientSeq was accepted
  2 OUT_OF_ORDER   value = the clientSeq the stream expects next
  3 NOT_MEMBER
  4 NEED_INIT      no seq state for the conversation: caller reserves a block, then retries
  5 NEED_RESERVE   value = cur; the reserved block is used up: caller reserves more, then retries
  6 NEED_MEMBERS   the member set is not loaded: caller loads it from PostgreSQL, then retries
  7 RECALL_DENIED  the target was already recalled (each message is recalled once) or does not exist
  8 FENCED         value = the newer epoch: a later owner of the partition decided sends of c
  9 BEHIND         the previous send of c in this round has not been decided (it failed or ran later):
                   nothing written, the caller retries this send after it
 10 RECALL_NOT_ALLOWED the recall comes too late (past ARGV[13]) or the caller may not recall the target
 11 STREAM_EXPIRED value = 1: the stream has no state, clientSeq > 1 and no stream start flag (see below)

Exactly once by seq: a record read again (a crash before its offset was committed, a rebalance) finds
what was decided for it under its own origin (an accepted clientSeq's entry, or a refusal "r<clientSeq>")
and gets the same answer; the caller re-emits the same message (same seq and serverTimeMs).
Every NEED_*, FENCED and BEHIND is returned before anything is written, so that the sends after it
stay untouched and are retried in order. Numbers stay below 2^53 (exact in Lua's doubles);
string.format('%d') keeps them out of exponent notation.
]]
local state = redis.call('HMGET', KEYS[1], 'cur', 'ceil', 'ep', 'lo')
if not state[1] then
  return {4, 0}
end
local cur = tonumber(state[1])
local epoch = tonumber(ARGV[9])
local ep = tonumber(state[3] or '0')
if ep > epoch then
  return {8, ep}
end
if ARGV[10] ~= '' and state[4] ~= ARGV[10] then
  return {9, 0}
end
local ceil = tonumber(state[2] or '0')
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

local origin = ARGV[2]
local ttl = tonumber(ARGV[4])
-- from here on every answer is a decision: a newer owner leaves its epoch, and a send that another send of
-- its conversation follows in this round leaves its origin for that one to check
if epoch > ep then
  redis.call('HSET', KEYS[1], 'ep', ARGV[9])
end
if ARGV[12] == '1' then
  redis.call('HSET', KEYS[1], 'lo', origin)
end

local cs = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
local stream = redis.call('HMGET', KEYS[2], ARGV[1], 'r' .. ARGV[1], 'last')
local last = stream[3] and tonumber(stream[3])

local function refuse(code, expected)
  -- remembered only near the stream's position, so that a client cannot grow the hash without bound
  if cs <= (last or 0) + window then
    redis.call('HSET', KEYS[2], 'r' .. ARGV[1], string.format('%d', code) .. ':' .. string.format('%d', expected) .. ':' .. origin)
    redis.call('EXPIRE', KEYS[2], ttl)
  end
  return {code, expected}
end

-- this very record was refused before (read again after a crash): the same refusal
if stream[2] then
  local code, expected, by = string.match(stream[2], '^(%d+):(%d+):(.*)$')
  if by == origin then
    return {tonumber(code), tonumber(expected)}
  end
end
-- this clientSeq was accepted (by this record, read again, or by an earlier one of which this is a resend)
if stream[1] and last and cs > last - window then
  return {1, stream[1]}
end
if last and (cs <= last or cs > last + 1) then
  return refuse(2, last + 1)
end
-- a stream with no state (new, expired or lost with Redis beyond what was rebuilt) starts at clientSeq 1, or
-- where the client says it starts: a higher clientSeq without that flag may be the resend of a send
-- sequenced before the state went, and must not get a second seq. The client looks in history for which of
-- its sends were sequenced and sends the rest again, the first one flagged (ARGV[14])
if not last and cs > 1 and ARGV[14] ~= '1' then
  return refuse(11, 1)
end

if mode == '1' and redis.call('HEXISTS', KEYS[3], ARGV[6]) == 0 then
  return refuse(3, 0)
end

local recallTarget = ARGV[8]
if recallTarget ~= '0' then
  if tonumber(recallTarget) > cur or redis.call('SISMEMBER', KEYS[4], recallTarget) == 1 then
    return refuse(7, 0)
  end
  local allowedUntil = tonumber(ARGV[13])
  if allowedUntil >= 0 and tonumber(ARGV[11]) > allowedUntil then
    return refuse(10, 0)
  end
  redis.call('SADD', KEYS[4], recallTarget)
end

local seq = redis.call('HINCRBY', KEYS[1], 'cur', 1)
local seqText = string.format('%d', seq)
redis.call('HSET', KEYS[2], 'last', ARGV[1], ARGV[1], seqText .. ':' .. ARGV[11] .. ':' .. origin)
if cs - window > 0 then
  local old = string.format('%d', cs - window)
  redis.call('HDEL', KEYS[2], old, 'r' .. old)
end
redis.call('EXPIRE', KEYS[2], ttl)

-- membership is part of the log: the change takes effect exactly at this seq
local change = ARGV[7]
if change == 'CREATE' then
  redis.call('DEL', KEYS[3])
  redis.call('HSET', KEYS[3], '', '0')
end
if change == 'CREATE' or change == 'ADD' then
  for i = 15, #ARGV do
    if redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then
      redis.call('HSET', KEYS[3], ARGV[i], seqText)
    end
  end
elseif change == 'REMOVE' or change == 'LEAVE' then
  for i = 15, #ARGV do
    redis.call('HDEL', KEYS[3], ARGV[i])
  end
end
if change ~= '' then
  -- every routing instance drops its cached members of the group (RedisKeys.MEMBERS_CHANGED)
  redis.call('PUBLISH', 'im:members-changed', string.match(KEYS[3], '^im:members:{(.*)}$'))
end
return {0, seq, ceil, tonumber(ARGV[11])}
