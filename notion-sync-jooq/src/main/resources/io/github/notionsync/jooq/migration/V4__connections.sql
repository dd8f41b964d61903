-- notion-sync: the Notion connections of apps whose users each connect their own workspace.
-- ${schema} is the schema notion-sync was migrated into.
--
-- The integration token is stored only encrypted, with AES-256-GCM under a key from the
-- application's configuration that is never stored here: token_nonce is the random 12-byte
-- nonce of that encryption, token_ciphertext the ciphertext with its 16-byte authentication
-- tag, and token_key_id names the key (a fingerprint of it, not the key). The user and the
-- connection id are authenticated with the token, so a ciphertext copied into another row, or
-- a row moved to another user, no longer decrypts. Write rows through NotionSyncConnections.
CREATE TABLE ${schema}.notion_sync_connections (
    -- Chosen by the writer before encrypting, since the token is bound to it.
    connection_id        uuid        NOT NULL,
    user_id              text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    name                 text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    token_key_id         text        NOT NULL CHECK (token_key_id ~ '^[0-9a-f]{16}$'),
    token_nonce          bytea       NOT NULL CHECK (octet_length(token_nonce) = 12),
    token_ciphertext     bytea       NOT NULL CHECK (octet_length(token_ciphertext) > 16),
    api_version          text        NOT NULL CHECK (api_version ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    -- [{"id": "<notion database id>", "name": "Characters", "kind": "CHARACTERS",
    --   "properties": {"role": "Role"}}, ...]
    databases            jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(databases) = 'array'),
    enabled              boolean     NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, connection_id),
    UNIQUE (user_id, name)
);

-- Every change of a row moves updated_at, whoever makes it (SQL included).
CREATE FUNCTION ${schema}.notion_sync_connections_touch()
RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END
$fn$;

CREATE TRIGGER notion_sync_connections_touch
    BEFORE UPDATE ON ${schema}.notion_sync_connections
    FOR EACH ROW EXECUTE FUNCTION ${schema}.notion_sync_connections_touch();

-- Row-level security as for the other tables (see V2): a role that does not own the table sees
-- only the rows of the user named in the session setting notion_sync.user_id.
ALTER TABLE ${schema}.notion_sync_connections ENABLE ROW LEVEL SECURITY;
CREATE POLICY notion_sync_user_isolation ON ${schema}.notion_sync_connections
    USING (user_id = current_setting('notion_sync.user_id', true))
    WITH CHECK (user_id = current_setting('notion_sync.user_id', true));
