--[[
Installs a reserved seq block for a conversation after PostgreSQL committed it.

KEYS[1] im:seq:{c}
ARGV[1] base: the highest seq that may already have been issued (the previous reserved_max)
ARGV[2] the new reserved_max (ceiling)

When the state is missing (new conversation, or Redis lost it) it restarts at base, which is at or above
every seq ever issued: a hole is possible, a reuse is not. Otherwise only the ceiling rises.
]]
if redis.call('HEXISTS', KEYS[1], 'cur') == 0 then
  redis.call('HSET', KEYS[1], 'cur', ARGV[1], 'ceil', ARGV[2])
  return 1
end
local ceil = tonumber(redis.call('HGET', KEYS[1], 'ceil') or '0')
if tonumber(ARGV[2]) > ceil then
  redis.call('HSET', KEYS[1], 'ceil', ARGV[2])
end
return 0
