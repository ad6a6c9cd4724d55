--[[
Restores one send stream's state read back from im.messages (StreamStateRebuilder), without ever moving
it backwards: whatever the sequencer wrote since is kept.

KEYS[1] im:stream:{c}:{u}:{d}:{s} hash: last = last accepted clientSeq; "<clientSeq>" = "<seq>:<serverTimeMs>:<origin>"
ARGV[1] stream state TTL in seconds
ARGV[2] the stream's last clientSeq in the log
ARGV[3..] pairs: clientSeq, "<seq>:<serverTimeMs>:<origin>" (the dedup window as the log has it)
]]
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
if tonumber(ARGV[2]) > last then
  redis.call('HSET', KEYS[1], 'last', ARGV[2])
end
for i = 3, #ARGV, 2 do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1
