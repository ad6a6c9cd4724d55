-- A member who is removed (or leaves) keeps their inbox row and with it their read cursor: the row is only
-- marked inactive, so the group leaves their conversation list, and a later re-add makes it active again with
-- the cursor where it was. (Before, the row was deleted and a re-add started the cursor at 0 again.)
alter table user_conversations add column active boolean not null default true;
