-- notion-sync: the Notion webhook events already taken, by event id, so that a delivery seen
-- before (a replay of a captured request, or Notion retrying one that was answered) triggers no
-- second sync, on whichever instance it arrives. Events are refused when their timestamp is
-- further from now than notion.sync.webhooks.tolerance, so an id needs keeping only that long:
-- rows older than twice the tolerance are deleted as new ones come in, and the table holds
-- about the events of the last few minutes.
CREATE TABLE ${schema}.notion_sync_webhook_events (
    event_id             text        PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 200),
    event_time           timestamptz NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notion_sync_webhook_events_time_idx ON ${schema}.notion_sync_webhook_events (event_time);
-- Row-level security without a policy, as for the verification tokens: only the owner reads it.
ALTER TABLE ${schema}.notion_sync_webhook_events ENABLE ROW LEVEL SECURITY;
