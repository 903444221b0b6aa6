-- The inbox: every consumed message id, so a redelivered message is
-- handled once.
create table inbox_messages (
  message_id text primary key,
  consumer text not null,
  received_at timestamptz not null default now()
);
