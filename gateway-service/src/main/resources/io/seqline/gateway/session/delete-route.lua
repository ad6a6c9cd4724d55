-- Deletes a device's route only if it still names this gateway (the device may have reconnected elsewhere).
-- KEYS[1] im:route:{u}; ARGV[1] device id; ARGV[2] this gateway's id
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
