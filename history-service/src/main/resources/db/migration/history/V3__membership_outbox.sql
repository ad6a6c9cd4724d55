-- Membership events on their way to im.inbound (a transactional outbox): a row is written in the same
-- transaction as the change to members and deleted once Kafka has acknowledged the event, so a change that
-- is committed always reaches the log, in the order of the changes of its group.
create table membership_outbox (
    id              bigserial primary key,
    conversation_id text   not null,
    envelope        bytea  not null, -- a seqline.v1.InboundEnvelope, published as is
    created_ms      bigint not null
);
create index membership_outbox_by_group on membership_outbox (conversation_id, id);
