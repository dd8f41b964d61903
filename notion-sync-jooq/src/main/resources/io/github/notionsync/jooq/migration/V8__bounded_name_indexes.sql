-- notion-sync: names and titles of any length. Notion allows long titles, but a btree index entry
-- must fit in a third of a page (about 2,700 bytes): a page titled with 10 KB of text made every
-- write of its batch fail. The name and title indexes now index their first 200 characters, and
-- the lookups compare those first (to use the indexes), then the whole value.
-- ${schema} is the schema notion-sync was migrated into.
DROP INDEX ${schema}.notion_characters_sync_name_idx;
DROP INDEX ${schema}.notion_characters_sync_name_lower_idx;
DROP INDEX ${schema}.notion_worlds_sync_name_idx;
DROP INDEX ${schema}.notion_worlds_sync_name_lower_idx;
DROP INDEX ${schema}.notion_stories_sync_title_lower_idx;
CREATE INDEX notion_characters_sync_name_idx ON ${schema}.notion_characters_sync (user_id, left(name, 200));
CREATE INDEX notion_characters_sync_name_lower_idx ON ${schema}.notion_characters_sync (user_id, lower(left(name, 200)));
CREATE INDEX notion_worlds_sync_name_idx ON ${schema}.notion_worlds_sync (user_id, left(name, 200));
CREATE INDEX notion_worlds_sync_name_lower_idx ON ${schema}.notion_worlds_sync (user_id, lower(left(name, 200)));
CREATE INDEX notion_stories_sync_title_lower_idx ON ${schema}.notion_stories_sync (user_id, lower(left(title, 200)));

CREATE OR REPLACE FUNCTION ${schema}.get_notion_character(p_user_id text, p_name text)
RETURNS SETOF ${schema}.notion_characters_sync
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL
          AND left(c.name, 200) = left(p_name, 200) AND c.name = p_name;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL
          AND lower(left(c.name, 200)) = lower(left(p_name, 200)) AND lower(c.name) = lower(p_name);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL AND c.name % left(p_name, 200)
        ORDER BY similarity(c.name, left(p_name, 200)) DESC, c.name
        LIMIT 5;
END
$fn$;

CREATE OR REPLACE FUNCTION ${schema}.get_notion_world(p_user_id text, p_name text)
RETURNS SETOF ${schema}.notion_worlds_sync
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL
          AND left(w.name, 200) = left(p_name, 200) AND w.name = p_name;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL
          AND lower(left(w.name, 200)) = lower(left(p_name, 200)) AND lower(w.name) = lower(p_name);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL AND w.name % left(p_name, 200)
        ORDER BY similarity(w.name, left(p_name, 200)) DESC, w.name
        LIMIT 5;
END
$fn$;

-- As in V2: the functions find pg_trgm (similarity, %) wherever it is installed.
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
