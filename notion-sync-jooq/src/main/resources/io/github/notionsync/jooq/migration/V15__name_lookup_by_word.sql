-- notion-sync: name lookups also find a name given as one of a longer title's words. Titles are
-- often longer than the name people type ("Eldoria, a fantasy realm of tides" for "Eldoria"),
-- and whole-string trigram similarity falls under pg_trgm's threshold for them. The fuzzy step
-- now also takes titles containing a close match of the whole query (pg_trgm's word similarity,
-- operator <%), ranked by the better of the two similarities.
-- ${schema} is the schema notion-sync was migrated into.
CREATE OR REPLACE FUNCTION ${schema}.get_notion_character(p_user_id text, p_name text)
RETURNS SETOF ${schema}.notion_characters_sync
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    q text := left(p_name, 200);
BEGIN
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL
          AND left(c.name, 200) = q AND c.name = p_name;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL
          AND lower(left(c.name, 200)) = lower(q) AND lower(c.name) = lower(p_name);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_characters_sync c
        WHERE c.user_id = p_user_id AND c.deleted_at IS NULL AND (c.name % q OR q <% c.name)
        ORDER BY greatest(similarity(c.name, q), word_similarity(q, c.name)) DESC, similarity(c.name, q) DESC,
                 c.name
        LIMIT 5;
END
$fn$;

CREATE OR REPLACE FUNCTION ${schema}.get_notion_world(p_user_id text, p_name text)
RETURNS SETOF ${schema}.notion_worlds_sync
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    q text := left(p_name, 200);
BEGIN
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL
          AND left(w.name, 200) = q AND w.name = p_name;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL
          AND lower(left(w.name, 200)) = lower(q) AND lower(w.name) = lower(p_name);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM ${schema}.notion_worlds_sync w
        WHERE w.user_id = p_user_id AND w.deleted_at IS NULL AND (w.name % q OR q <% w.name)
        ORDER BY greatest(similarity(w.name, q), word_similarity(q, w.name)) DESC, similarity(w.name, q) DESC,
                 w.name
        LIMIT 5;
END
$fn$;

-- As in V2 and V8: the functions find pg_trgm wherever it is installed.
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
