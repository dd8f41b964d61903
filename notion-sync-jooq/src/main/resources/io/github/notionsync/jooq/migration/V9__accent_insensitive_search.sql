-- notion-sync: accent-insensitive search. "eowyn" finds "Éowyn" and "cafe" finds "café": the
-- search vectors and queries use two text search configurations of our own, english and simple
-- with PostgreSQL's unaccent dictionary in front where the unaccent extension is available (it
-- ships with PostgreSQL's contrib modules); without it they equal english and simple. The
-- functions keep their signatures.
-- ${schema} is the schema notion-sync was migrated into.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
        CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
    END IF;
END
$$;

CREATE TEXT SEARCH CONFIGURATION ${schema}.notion_english (COPY = pg_catalog.english);
CREATE TEXT SEARCH CONFIGURATION ${schema}.notion_simple (COPY = pg_catalog.simple);
DO $$
DECLARE
    unaccent_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                             WHERE e.extname = 'unaccent');
BEGIN
    IF unaccent_schema IS NOT NULL THEN
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I.notion_english ALTER MAPPING FOR hword, hword_part, word'
                       ' WITH %I.unaccent, english_stem', '${schema}', unaccent_schema);
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I.notion_simple ALTER MAPPING FOR hword, hword_part, word'
                       ' WITH %I.unaccent, simple', '${schema}', unaccent_schema);
    END IF;
END
$$;

DROP INDEX ${schema}.notion_pages_sync_search_idx;
ALTER TABLE ${schema}.notion_pages_sync DROP COLUMN search_vector;
ALTER TABLE ${schema}.notion_pages_sync ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('${schema}.notion_english', coalesce(title, '')) || to_tsvector('${schema}.notion_simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(content, '')), 'C')) STORED;
CREATE INDEX notion_pages_sync_search_idx ON ${schema}.notion_pages_sync USING gin (user_id, search_vector);

DROP INDEX ${schema}.notion_characters_sync_search_idx;
ALTER TABLE ${schema}.notion_characters_sync DROP COLUMN search_vector;
ALTER TABLE ${schema}.notion_characters_sync ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('${schema}.notion_english', coalesce(name, '')) || to_tsvector('${schema}.notion_simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(description, '') || ' ' || coalesce(role, '')), 'B') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(content, '')), 'C')) STORED;
CREATE INDEX notion_characters_sync_search_idx ON ${schema}.notion_characters_sync USING gin (user_id, search_vector);

DROP INDEX ${schema}.notion_worlds_sync_search_idx;
ALTER TABLE ${schema}.notion_worlds_sync DROP COLUMN search_vector;
ALTER TABLE ${schema}.notion_worlds_sync ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('${schema}.notion_english', coalesce(name, '')) || to_tsvector('${schema}.notion_simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(description, '') || ' ' || coalesce(genre, '')), 'B') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(content, '')), 'C')) STORED;
CREATE INDEX notion_worlds_sync_search_idx ON ${schema}.notion_worlds_sync USING gin (user_id, search_vector);

DROP INDEX ${schema}.notion_stories_sync_search_idx;
ALTER TABLE ${schema}.notion_stories_sync DROP COLUMN search_vector;
ALTER TABLE ${schema}.notion_stories_sync ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('${schema}.notion_english', coalesce(title, '')) || to_tsvector('${schema}.notion_simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(summary, '') || ' ' || coalesce(genre, '')), 'B') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(content, '')), 'C')) STORED;
CREATE INDEX notion_stories_sync_search_idx ON ${schema}.notion_stories_sync USING gin (user_id, search_vector);

DROP INDEX ${schema}.notion_chat_sessions_sync_search_idx;
ALTER TABLE ${schema}.notion_chat_sessions_sync DROP COLUMN search_vector;
ALTER TABLE ${schema}.notion_chat_sessions_sync ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('${schema}.notion_english', coalesce(title, '')) || to_tsvector('${schema}.notion_simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('${schema}.notion_english', coalesce(content, '')), 'C')) STORED;
CREATE INDEX notion_chat_sessions_sync_search_idx ON ${schema}.notion_chat_sessions_sync USING gin (user_id, search_vector);

-- The search, as in V2, with the configurations above.
CREATE OR REPLACE FUNCTION ${schema}.search_notion_content(p_user_id text, p_query text, p_limit integer DEFAULT 20)
RETURNS TABLE (kind text, notion_page_id uuid, notion_database_id uuid, title text, snippet text, rank real,
               url text, notion_last_edited_time timestamptz)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    q tsquery := websearch_to_tsquery('${schema}.notion_english', left(coalesce(p_query, ''), 1000));
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
           ts_headline('${schema}.notion_english', CASE WHEN b.body = '' THEN b.t ELSE left(b.body, 20000) END, q,
                       'StartSel=<b>, StopSel=</b>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'),
           b.r, b.u, b.e
      FROM best b
     ORDER BY b.r DESC, b.t;
END
$fn$;
