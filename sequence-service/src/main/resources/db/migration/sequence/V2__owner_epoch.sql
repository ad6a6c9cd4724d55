-- Owner epochs fence a sequencer that lost its partitions (a long pause, a network split): every instance
-- takes a new value when it is assigned im.inbound partitions, and the Redis step refuses a lower epoch
-- than the last one that decided a send of the conversation. One sequence for all partitions, so that an
-- epoch is comparable across them.
create sequence owner_epoch;
