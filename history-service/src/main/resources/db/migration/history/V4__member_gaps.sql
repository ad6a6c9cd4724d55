-- The stretches of a group's log a member may not read: from just after the event that removed them (or
-- that they left with) to just before the event that added them back; to_seq is null while they are out.
-- Written by the ingest from the membership events themselves, in seq order, so they follow the log exactly.
create table member_gaps (
    conversation_id text   not null,
    user_id         text   not null,
    from_seq        bigint not null,
    to_seq          bigint,
    primary key (conversation_id, user_id, from_seq)
);
