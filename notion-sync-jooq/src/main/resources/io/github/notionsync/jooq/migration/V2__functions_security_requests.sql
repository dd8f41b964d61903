-- notion-sync: the seed's SQL functions, queued sync requests, writing statistics and
-- row-level security. ${schema} is the schema notion-sync was migrated into.

-- Sync requests queued from SQL (pg_cron, psql, triggers) for the Java side to run.
CREATE TABLE ${schema}.notion_sync_requests (
    request_id           bigint GENERATED ALWAYS AS IDENTITY,
    user_id              text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_database_id   text,
    full_pass            boolean     NOT NULL DEFAULT false,
    status               text        NOT NULL DEFAULT 'pending'
                                     CHECK (status IN ('pending', 'running', 'done', 'failed')),
    requested_at         timestamptz NOT NULL DEFAULT now(),
    started_at           timestamptz,
    finished_at          timestamptz,
    claimed_by           text,
    result               jsonb,
    error                text,
    PRIMARY KEY (user_id, request_id)
);
CREATE INDEX notion_sync_requests_pending_idx ON ${schema}.notion_sync_requests (request_id) WHERE status = 'pending';

-- Daily writing statistics per user, aggregated from the mirror tables.
CREATE TABLE ${schema}.notion_writing_stats (
    user_id              text        NOT NULL,
    day                  date        NOT NULL,
    stories_edited       integer     NOT NULL DEFAULT 0,
    story_words          bigint      NOT NULL DEFAULT 0,
    characters_edited    integer     NOT NULL DEFAULT 0,
    worlds_edited        integer     NOT NULL DEFAULT 0,
    chat_sessions_edited integer     NOT NULL DEFAULT 0,
    pages_edited         integer     NOT NULL DEFAULT 0,
    total_words          bigint      NOT NULL DEFAULT 0,
    computed_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day)
);

-- get_notion_character(user_id, name): exact name, else case-insensitive, else the closest
-- fuzzy (trigram) matches. Deleted pages are never returned.
CREATE FUNCTION ${schema}.get_notion_character(p_user_id text, p_name text)
RETURNS SETOF ${schema}.notion_characters_sync
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL AND c.name = p_name;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL AND lower(c.name) = lower(p_name);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL AND c.name % left(p_name, 200)
        ORDER BY similarity(c.name, left(p_name, 200)) DESC, c.name
        LIMIT 5;
END
$fn$;

-- get_notion_world(user_id, name): the same lookup for worlds.
CREATE FUNCTION ${schema}.get_notion_world(p_user_id text, p_name text)
RETURNS SETOF ${schema}.notion_worlds_sync
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL AND w.name = p_name;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL AND lower(w.name) = lower(p_name);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL AND w.name % left(p_name, 200)
        ORDER BY similarity(w.name, left(p_name, 200)) DESC, w.name
        LIMIT 5;
END
$fn$;

-- search_notion_content(user_id, query [, max_results]): web-style query syntax ("quoted
-- phrases", or, -excluded), ranked across the five tables, with a highlighted snippet. Any
-- input is safe: websearch_to_tsquery never raises, and the query is cut at 1,000 characters.
-- Titles are indexed both stemmed and verbatim, so names match however they are inflected.
CREATE FUNCTION ${schema}.search_notion_content(p_user_id text, p_query text, p_limit integer DEFAULT 20)
RETURNS TABLE (kind text, notion_page_id uuid, notion_database_id uuid, title text, snippet text, rank real,
               url text, notion_last_edited_time timestamptz)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    q tsquery := websearch_to_tsquery('english', left(coalesce(p_query, ''), 1000));
    n integer := least(greatest(coalesce(p_limit, 20), 1), 100);
BEGIN
    IF numnode(q) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH hits AS (
        (SELECT 'character'::text AS k, c.notion_page_id AS pid, c.notion_database_id AS did, c.name AS t,
                c.content AS body, ts_rank(c.search_vector, q) AS r, c.url AS u, c.notion_last_edited_time AS e
           FROM ${schema}.notion_characters_sync c
          WHERE c.user_id = p_user_id AND c.deleted_at IS NULL AND c.search_vector @@ q
          ORDER BY r DESC LIMIT n)
        UNION ALL
        (SELECT 'world', w.notion_page_id, w.notion_database_id, w.name, w.content, ts_rank(w.search_vector, q),
                w.url, w.notion_last_edited_time
           FROM ${schema}.notion_worlds_sync w
          WHERE w.user_id = p_user_id AND w.deleted_at IS NULL AND w.search_vector @@ q
          ORDER BY 6 DESC LIMIT n)
        UNION ALL
        (SELECT 'story', s.notion_page_id, s.notion_database_id, s.title, s.content, ts_rank(s.search_vector, q),
                s.url, s.notion_last_edited_time
           FROM ${schema}.notion_stories_sync s
          WHERE s.user_id = p_user_id AND s.deleted_at IS NULL AND s.search_vector @@ q
          ORDER BY 6 DESC LIMIT n)
        UNION ALL
        (SELECT 'chat_session', h.notion_page_id, h.notion_database_id, h.title, h.content,
                ts_rank(h.search_vector, q), h.url, h.notion_last_edited_time
           FROM ${schema}.notion_chat_sessions_sync h
          WHERE h.user_id = p_user_id AND h.deleted_at IS NULL AND h.search_vector @@ q
          ORDER BY 6 DESC LIMIT n)
        UNION ALL
        (SELECT 'page', p.notion_page_id, p.notion_database_id, p.title, p.content, ts_rank(p.search_vector, q),
                p.url, p.notion_last_edited_time
           FROM ${schema}.notion_pages_sync p
          WHERE p.user_id = p_user_id AND p.deleted_at IS NULL AND p.search_vector @@ q
          ORDER BY 6 DESC LIMIT n)
    ), best AS (
        SELECT * FROM hits ORDER BY r DESC, t LIMIT n
    )
    SELECT b.k, b.pid, b.did, b.t,
           ts_headline('english', CASE WHEN b.body = '' THEN b.t ELSE left(b.body, 20000) END, q,
                       'StartSel=<b>, StopSel=</b>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'),
           b.r, b.u, b.e
      FROM best b
     ORDER BY b.r DESC, b.t;
END
$fn$;

-- sync_notion_database(user_id, database_id) and sync_all_notion_databases(user_id): queue a
-- request and notify the channel 'notion_sync_requests'; the application runs it and records
-- the result on the row. They return the request id.
CREATE FUNCTION ${schema}.sync_notion_database(p_user_id text, p_database_id text, p_full_pass boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    id bigint;
BEGIN
    IF p_user_id IS NULL OR length(p_user_id) NOT BETWEEN 1 AND 255 THEN
        RAISE EXCEPTION 'sync_notion_database: user id must be 1 to 255 characters';
    END IF;
    IF p_database_id IS NOT NULL AND (length(p_database_id) > 255 OR p_database_id = '') THEN
        RAISE EXCEPTION 'sync_notion_database: database id must be a Notion id, URL or configured name';
    END IF;
    INSERT INTO ${schema}.notion_sync_requests (user_id, notion_database_id, full_pass)
    VALUES (p_user_id, p_database_id, coalesce(p_full_pass, false))
    RETURNING request_id INTO id;
    PERFORM pg_notify('notion_sync_requests', id::text);
    RETURN id;
END
$fn$;

CREATE FUNCTION ${schema}.sync_all_notion_databases(p_user_id text)
RETURNS bigint
LANGUAGE sql VOLATILE AS $fn$
    SELECT ${schema}.sync_notion_database(p_user_id, NULL, false);
$fn$;

-- The functions find pg_trgm (similarity, %) wherever it is installed.
DO $$
DECLARE
    trgm_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                         WHERE e.extname = 'pg_trgm');
BEGIN
    EXECUTE format('ALTER FUNCTION %I.get_notion_character(text, text) SET search_path = %I, %I, pg_catalog',
                   '${schema}', '${schema}', trgm_schema);
    EXECUTE format('ALTER FUNCTION %I.get_notion_world(text, text) SET search_path = %I, %I, pg_catalog',
                   '${schema}', '${schema}', trgm_schema);
END
$$;

-- Row-level security: a role that does not own the tables sees and changes only the rows of
-- the user named in the session setting notion_sync.user_id, e.g.
--   SELECT set_config('notion_sync.user_id', 'user-42', true);   -- for this transaction
-- The owner (the role that ran these migrations, which notion-sync itself uses) is not
-- restricted.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['notion_characters_sync', 'notion_worlds_sync', 'notion_stories_sync',
                             'notion_chat_sessions_sync', 'notion_pages_sync', 'notion_sync_state',
                             'notion_sync_runs', 'notion_sync_errors', 'notion_sync_requests',
                             'notion_writing_stats'] LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', '${schema}', t);
        EXECUTE format('CREATE POLICY notion_sync_user_isolation ON %I.%I'
                       ' USING (user_id = current_setting(''notion_sync.user_id'', true))'
                       ' WITH CHECK (user_id = current_setting(''notion_sync.user_id'', true))', '${schema}', t);
    END LOOP;
END
$$;
