-- Conversations: one row per conversation, its type, name and latest activity (for the conversation list).
create table conversations (
    conversation_id  text primary key,
    type             smallint    not null,           -- seqline.v1.ConversationType: 1 DIRECT, 2 GROUP
    name             text        not null default '',
    max_seq          bigint      not null default 0, -- highest seq stored
    last_activity_ms bigint      not null default 0,
    created_at       timestamptz not null default now()
);

-- Group members with their role (seqline.v1.Member.Role: 1 OWNER, 2 ADMIN, 3 MEMBER).
-- Written when a change is accepted by the API; the change's event then takes effect in the log at its seq.
create table members (
    conversation_id text        not null,
    user_id         text        not null,
    role            smallint    not null,
    joined_at       timestamptz not null default now(),
    primary key (conversation_id, user_id)
);

-- Each user's conversations and read cursor. Keyed by user (the inbox); with Citus, distributed by user_id.
create table user_conversations (
    user_id         text   not null,
    conversation_id text   not null,
    read_seq        bigint not null default 0,
    primary key (user_id, conversation_id)
);
