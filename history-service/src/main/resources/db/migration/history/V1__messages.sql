-- The conversation log. Every query is keyed by conversation_id (the Citus distribution column).
create table messages (
    conversation_id text    not null,
    seq             bigint  not null,
    sender_id       text    not null,
    sender_device   text    not null,
    client_msg_id   text    not null,
    client_seq      bigint  not null,
    server_time_ms  bigint  not null,
    -- seqline.v1.Content, protobuf binary; emptied when recalled
    content         bytea   not null,
    recalled        boolean not null default false,
    primary key (conversation_id, seq)
);
