-- notion-sync: verification tokens Notion sends when a webhook subscription is created. An
-- administrator reads the latest one here, pastes it into Notion to verify the subscription and
-- sets it as notion.sync.webhooks.verification-token, which signs every later delivery. It is
-- never trusted from this table automatically: anyone can POST a handshake.
CREATE TABLE ${schema}.notion_sync_webhook_verifications (
    received_at          timestamptz NOT NULL DEFAULT now(),
    verification_token   text        NOT NULL CHECK (length(verification_token) BETWEEN 1 AND 500)
);
CREATE INDEX notion_sync_webhook_verifications_received_idx
    ON ${schema}.notion_sync_webhook_verifications (received_at DESC);
-- Row-level security without a policy: only the owner (the administrator's role) reads it.
ALTER TABLE ${schema}.notion_sync_webhook_verifications ENABLE ROW LEVEL SECURITY;
