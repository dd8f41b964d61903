-- notion-sync: the mirror tables of the seed (one per target kind) and the sync bookkeeping.
-- Every row belongs to a user_id; every unique key starts with user_id so the tables can later
-- be distributed by user. Notion ids are stored as uuid (dashed, lower case when printed).

-- pg_trgm gives the fuzzy name lookups. It is installed in public when missing; where it already
-- lives in another schema, the trigram indexes below name that schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
-- btree_gin lets one GIN index hold user_id beside the search vector or trigrams, so a user's
-- search reads that user's entries only.
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;

-- Columns every mirror table shares. Typed columns per kind follow in each table.
CREATE TABLE notion_pages_sync (
    user_id                 text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_page_id          uuid        NOT NULL,
    notion_database_id      uuid,
    notion_data_source_id   uuid,
    title                   text        NOT NULL DEFAULT '',
    properties              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raw                     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    content                 text        NOT NULL DEFAULT '',
    content_markdown        text        NOT NULL DEFAULT '',
    word_count              integer     NOT NULL DEFAULT 0,
    content_hash            text        NOT NULL,
    url                     text,
    notion_created_time     timestamptz,
    notion_last_edited_time timestamptz,
    in_trash                boolean     NOT NULL DEFAULT false,
    deleted_at              timestamptz,
    deleted_reason          text,
    synced_at               timestamptz NOT NULL DEFAULT now(),
    search_vector           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')) || to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'C')) STORED,
    PRIMARY KEY (user_id, notion_page_id)
);

CREATE TABLE notion_characters_sync (
    user_id                 text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_page_id          uuid        NOT NULL,
    notion_database_id      uuid,
    notion_data_source_id   uuid,
    name                    text        NOT NULL DEFAULT '',
    description             text,
    role                    text,
    tags                    text[]      NOT NULL DEFAULT '{}',
    properties              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raw                     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    content                 text        NOT NULL DEFAULT '',
    content_markdown        text        NOT NULL DEFAULT '',
    word_count              integer     NOT NULL DEFAULT 0,
    content_hash            text        NOT NULL,
    url                     text,
    notion_created_time     timestamptz,
    notion_last_edited_time timestamptz,
    in_trash                boolean     NOT NULL DEFAULT false,
    deleted_at              timestamptz,
    deleted_reason          text,
    synced_at               timestamptz NOT NULL DEFAULT now(),
    search_vector           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(name, '')) || to_tsvector('simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(description, '') || ' ' || coalesce(role, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'C')) STORED,
    PRIMARY KEY (user_id, notion_page_id)
);

CREATE TABLE notion_worlds_sync (
    user_id                 text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_page_id          uuid        NOT NULL,
    notion_database_id      uuid,
    notion_data_source_id   uuid,
    name                    text        NOT NULL DEFAULT '',
    description             text,
    genre                   text,
    tags                    text[]      NOT NULL DEFAULT '{}',
    properties              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raw                     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    content                 text        NOT NULL DEFAULT '',
    content_markdown        text        NOT NULL DEFAULT '',
    word_count              integer     NOT NULL DEFAULT 0,
    content_hash            text        NOT NULL,
    url                     text,
    notion_created_time     timestamptz,
    notion_last_edited_time timestamptz,
    in_trash                boolean     NOT NULL DEFAULT false,
    deleted_at              timestamptz,
    deleted_reason          text,
    synced_at               timestamptz NOT NULL DEFAULT now(),
    search_vector           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(name, '')) || to_tsvector('simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(description, '') || ' ' || coalesce(genre, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'C')) STORED,
    PRIMARY KEY (user_id, notion_page_id)
);

CREATE TABLE notion_stories_sync (
    user_id                 text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_page_id          uuid        NOT NULL,
    notion_database_id      uuid,
    notion_data_source_id   uuid,
    title                   text        NOT NULL DEFAULT '',
    summary                 text,
    status                  text,
    genre                   text,
    tags                    text[]      NOT NULL DEFAULT '{}',
    properties              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raw                     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    content                 text        NOT NULL DEFAULT '',
    content_markdown        text        NOT NULL DEFAULT '',
    word_count              integer     NOT NULL DEFAULT 0,
    content_hash            text        NOT NULL,
    url                     text,
    notion_created_time     timestamptz,
    notion_last_edited_time timestamptz,
    in_trash                boolean     NOT NULL DEFAULT false,
    deleted_at              timestamptz,
    deleted_reason          text,
    synced_at               timestamptz NOT NULL DEFAULT now(),
    search_vector           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')) || to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(summary, '') || ' ' || coalesce(genre, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'C')) STORED,
    PRIMARY KEY (user_id, notion_page_id)
);

CREATE TABLE notion_chat_sessions_sync (
    user_id                 text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_page_id          uuid        NOT NULL,
    notion_database_id      uuid,
    notion_data_source_id   uuid,
    title                   text        NOT NULL DEFAULT '',
    is_temporary            boolean     NOT NULL DEFAULT false,
    character_names         text[]      NOT NULL DEFAULT '{}',
    properties              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raw                     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    content                 text        NOT NULL DEFAULT '',
    content_markdown        text        NOT NULL DEFAULT '',
    word_count              integer     NOT NULL DEFAULT 0,
    content_hash            text        NOT NULL,
    url                     text,
    notion_created_time     timestamptz,
    notion_last_edited_time timestamptz,
    in_trash                boolean     NOT NULL DEFAULT false,
    deleted_at              timestamptz,
    deleted_reason          text,
    synced_at               timestamptz NOT NULL DEFAULT now(),
    search_vector           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')) || to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'C')) STORED,
    PRIMARY KEY (user_id, notion_page_id)
);

-- Lookups: by name (exact, case-insensitive, fuzzy), full-text search, incremental bookkeeping.
CREATE INDEX notion_characters_sync_name_idx ON notion_characters_sync (user_id, name);
CREATE INDEX notion_characters_sync_name_lower_idx ON notion_characters_sync (user_id, lower(name));
CREATE INDEX notion_worlds_sync_name_idx ON notion_worlds_sync (user_id, name);
CREATE INDEX notion_worlds_sync_name_lower_idx ON notion_worlds_sync (user_id, lower(name));
DO $$
DECLARE
    trgm_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                         WHERE e.extname = 'pg_trgm');
BEGIN
    EXECUTE format('CREATE INDEX notion_characters_sync_name_trgm_idx ON notion_characters_sync'
                   ' USING gin (user_id, name %I.gin_trgm_ops)', trgm_schema);
    EXECUTE format('CREATE INDEX notion_worlds_sync_name_trgm_idx ON notion_worlds_sync'
                   ' USING gin (user_id, name %I.gin_trgm_ops)', trgm_schema);
END
$$;
CREATE INDEX notion_stories_sync_title_lower_idx ON notion_stories_sync (user_id, lower(title));
CREATE INDEX notion_chat_sessions_sync_temporary_idx ON notion_chat_sessions_sync (user_id, synced_at)
    WHERE is_temporary;
CREATE INDEX notion_pages_sync_search_idx ON notion_pages_sync USING gin (user_id, search_vector);
CREATE INDEX notion_characters_sync_search_idx ON notion_characters_sync USING gin (user_id, search_vector);
CREATE INDEX notion_worlds_sync_search_idx ON notion_worlds_sync USING gin (user_id, search_vector);
CREATE INDEX notion_stories_sync_search_idx ON notion_stories_sync USING gin (user_id, search_vector);
CREATE INDEX notion_chat_sessions_sync_search_idx ON notion_chat_sessions_sync USING gin (user_id, search_vector);
CREATE INDEX notion_pages_sync_database_idx ON notion_pages_sync (user_id, notion_database_id);
CREATE INDEX notion_characters_sync_database_idx ON notion_characters_sync (user_id, notion_database_id);
CREATE INDEX notion_worlds_sync_database_idx ON notion_worlds_sync (user_id, notion_database_id);
CREATE INDEX notion_stories_sync_database_idx ON notion_stories_sync (user_id, notion_database_id);
CREATE INDEX notion_chat_sessions_sync_database_idx ON notion_chat_sessions_sync (user_id, notion_database_id);

-- Per (user, database) sync state: the incremental watermark and the last full pass.
CREATE TABLE notion_sync_state (
    user_id              text        NOT NULL,
    notion_database_id   uuid        NOT NULL,
    database_name        text,
    target_kind          text        NOT NULL,
    watermark            timestamptz,
    last_full_sync_at    timestamptz,
    last_run_at          timestamptz,
    last_outcome         text,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, notion_database_id)
);

-- One row per database per run: duration, pages processed, outcome.
CREATE TABLE notion_sync_runs (
    run_seq              bigint GENERATED ALWAYS AS IDENTITY,
    run_id               uuid        NOT NULL,
    user_id              text        NOT NULL,
    notion_database_id   uuid        NOT NULL,
    database_name        text,
    target_kind          text        NOT NULL,
    full_pass            boolean     NOT NULL DEFAULT false,
    started_at           timestamptz NOT NULL,
    finished_at          timestamptz,
    duration_ms          bigint,
    pages_seen           integer     NOT NULL DEFAULT 0,
    pages_inserted       integer     NOT NULL DEFAULT 0,
    pages_updated        integer     NOT NULL DEFAULT 0,
    pages_unchanged      integer     NOT NULL DEFAULT 0,
    pages_deleted        integer     NOT NULL DEFAULT 0,
    pages_failed         integer     NOT NULL DEFAULT 0,
    requests             integer     NOT NULL DEFAULT 0,
    retries              integer     NOT NULL DEFAULT 0,
    outcome              text        NOT NULL,
    error_message        text,
    PRIMARY KEY (user_id, run_id, notion_database_id)
);
CREATE INDEX notion_sync_runs_recent_idx ON notion_sync_runs (user_id, run_seq DESC);
CREATE INDEX notion_sync_runs_started_idx ON notion_sync_runs (started_at);

-- Pages (or whole databases) that failed in a run, with the reason.
CREATE TABLE notion_sync_errors (
    error_id             bigint GENERATED ALWAYS AS IDENTITY,
    user_id              text        NOT NULL,
    run_id               uuid,
    notion_database_id   uuid,
    notion_page_id       uuid,
    error_type           text        NOT NULL,
    message              text        NOT NULL,
    occurred_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, error_id)
);
CREATE INDEX notion_sync_errors_recent_idx ON notion_sync_errors (user_id, error_id DESC);
CREATE INDEX notion_sync_errors_occurred_idx ON notion_sync_errors (occurred_at);
