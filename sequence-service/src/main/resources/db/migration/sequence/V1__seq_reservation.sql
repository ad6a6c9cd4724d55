-- The durable half of the seq allocator: per conversation, the highest seq that may have been issued.
-- Redis issues seqs up to this ceiling; it is raised here (and committed) before Redis may pass it.
create table seq_reservation (
    conversation_id text primary key,
    reserved_max    bigint      not null check (reserved_max >= 0),
    updated_at      timestamptz not null default now()
);
