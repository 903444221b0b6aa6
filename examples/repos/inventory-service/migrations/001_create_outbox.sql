-- The transactional outbox: events are written in the same transaction as
-- the change and relayed to the broker afterwards.
create table outbox_events (
  id uuid primary key,
  aggregate_id text not null,
  event_type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_events_unpublished on outbox_events (created_at) where published_at is null;
