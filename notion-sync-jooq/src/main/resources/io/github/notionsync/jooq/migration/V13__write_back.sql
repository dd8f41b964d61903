-- notion-sync: writing back to Notion. ${schema} is the schema notion-sync was migrated into.
--
-- 1. notion_sync_schemas: each mirrored database's schema (property names, ids, types, select and
--    status options) and its typed-field mapping, captured by the engine during sync, so that a
--    change is validated and converted here, in PostgreSQL, whoever enqueues it (SQL, Java, REST).
-- 2. notion_sync_outbox: one row per requested change. Inserting a row schedules its push (a
--    db-scheduler one-off execution, like the sync requests of V6), so any instance applies it
--    within seconds.
-- 3. The functions notion_update_page, notion_create_page, notion_trash_page, notion_restore_page,
--    notion_append_content and notion_replace_content: they refuse bad input with SQLSTATE NSW01
--    (a property: its name is the error's COLUMN field), NSW02 (no such page or database for the
--    user) or NSW03 (other bad input), and return the change's id.

CREATE TABLE ${schema}.notion_sync_schemas (
    user_id               text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_database_id    uuid        NOT NULL,
    database_name         text        NOT NULL CHECK (length(database_name) BETWEEN 1 AND 500),
    -- The data source new pages are created in (the first one); NULL under 2022-06-28.
    notion_data_source_id uuid,
    target_kind           text        NOT NULL,
    -- Typed field (column) to Notion property name, the title field included: {"role": "Role"}.
    fields                jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(fields) = 'object'),
    -- Property name to {"id", "type", "options": [names]} (options for select, multi_select, status).
    properties            jsonb       NOT NULL CHECK (jsonb_typeof(properties) = 'object'
                                      AND octet_length(properties::text) <= 1048576),
    captured_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, notion_database_id)
);

CREATE TABLE ${schema}.notion_sync_outbox (
    change_id              bigint      GENERATED ALWAYS AS IDENTITY,
    user_id                text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    notion_database_id     uuid        NOT NULL,
    -- The page changed; for a create, the page once created.
    notion_page_id         uuid,
    operation              text        NOT NULL CHECK (operation IN ('update', 'create', 'trash', 'restore',
                                       'append', 'replace')),
    -- Property name to Notion property value, as sent.
    properties             jsonb       CHECK (properties IS NULL OR (jsonb_typeof(properties) = 'object'
                                       AND octet_length(properties::text) <= 524288)),
    -- Property name to the normalised value Notion will show once it is applied (as in the mirror's
    -- properties column); only for types whose reply is predictable.
    expected               jsonb,
    content_markdown       text        CHECK (length(content_markdown) <= 100000),
    -- The page's last_edited_time the change was based on, and the mirror's normalised values of the
    -- properties it changes at that time: a Notion edit since then is a conflict.
    base_last_edited_time  timestamptz,
    base_values            jsonb,
    status                 text        NOT NULL DEFAULT 'pending'
                                       CHECK (status IN ('pending', 'applying', 'applied', 'conflict', 'failed')),
    attempts               integer     NOT NULL DEFAULT 0,
    -- Not before then (after a failure that is retried); NULL: at once.
    next_attempt_at        timestamptz,
    -- When the current attempt started; a create or append found 'applying' is recovered from it.
    applying_since         timestamptz,
    last_error             text        CHECK (length(last_error) <= 2000),
    -- Notion's version when it conflicted: {last_edited_time, last_edited_by, values}.
    conflict_notion        jsonb,
    -- How a conflict was resolved by the database's conflict policy: NULL (FAIL), or who won.
    resolution             text        CHECK (resolution IN ('notion_wins', 'local_wins')),
    applied_last_edited_time timestamptz,
    -- How far a content write got, for recovering it: {"children_before": n, "phase": "append"}.
    progress               jsonb,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, change_id)
);
CREATE INDEX notion_sync_outbox_open_idx ON ${schema}.notion_sync_outbox (user_id, change_id)
    WHERE status IN ('pending', 'applying');
CREATE INDEX notion_sync_outbox_page_idx ON ${schema}.notion_sync_outbox (user_id, notion_page_id, change_id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['notion_sync_schemas', 'notion_sync_outbox'] LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', '${schema}', t);
        EXECUTE format('CREATE POLICY notion_sync_user_isolation ON %I.%I'
                       ' USING (user_id = (SELECT %I.notion_sync_current_user_id()))'
                       ' WITH CHECK (user_id = (SELECT %I.notion_sync_current_user_id()))',
                       '${schema}', t, '${schema}', '${schema}');
    END LOOP;
END
$$;

-- A new change schedules its push in the same transaction, and wakes the schedulers.
CREATE FUNCTION ${schema}.notion_sync_schedule_write()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    INSERT INTO ${schema}.notion_sync_scheduled_tasks (task_name, task_instance, execution_time, picked, version)
    VALUES ('notion-sync-write', NEW.change_id::text, now(), false, 1)
    ON CONFLICT DO NOTHING;
    PERFORM pg_notify('notion_sync_requests', 'w' || NEW.change_id::text);
    RETURN NEW;
END
$fn$;
ALTER FUNCTION ${schema}.notion_sync_schedule_write() SET search_path = ${schema}, pg_catalog;

CREATE TRIGGER notion_sync_schedule_write
    AFTER INSERT ON ${schema}.notion_sync_outbox
    FOR EACH ROW EXECUTE FUNCTION ${schema}.notion_sync_schedule_write();

-- updated_at moves on every change of a row, as for the connections (V4).
CREATE TRIGGER notion_sync_outbox_touch
    BEFORE UPDATE ON ${schema}.notion_sync_outbox
    FOR EACH ROW EXECUTE FUNCTION ${schema}.notion_sync_connections_touch();

-- A Notion id from an id (dashed or not) or a URL ending in one; NULL when there is none.
CREATE FUNCTION ${schema}.notion_sync_parse_id(p_text text)
RETURNS uuid
LANGUAGE sql IMMUTABLE AS $fn$
    SELECT substring(lower(replace(split_part(split_part(left(p_text, 2000), '?', 1), '#', 1), '-', ''))
                     FROM '([0-9a-f]{32})/?$')::uuid;
$fn$;

CREATE FUNCTION ${schema}.notion_sync_write_error(p_code text, p_fn text, p_message text, p_property text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF p_property IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_fn || ': ' || p_message;
    END IF;
    RAISE EXCEPTION USING ERRCODE = p_code, COLUMN = p_property,
        MESSAGE = format('%s: property "%s" %s', p_fn, left(p_property, 200), p_message);
END
$fn$;

-- The user's mirrored page: its database, last edit, normalised properties and whether deleted.
CREATE FUNCTION ${schema}.notion_sync_find_page(p_user_id text, p_page_id uuid)
RETURNS TABLE (notion_database_id uuid, notion_last_edited_time timestamptz, properties jsonb, deleted boolean)
LANGUAGE sql STABLE AS $fn$
    SELECT p.notion_database_id, p.notion_last_edited_time, p.properties, p.deleted_at IS NOT NULL FROM (
        SELECT notion_database_id, notion_last_edited_time, properties, deleted_at FROM ${schema}.notion_characters_sync
            WHERE user_id = p_user_id AND notion_page_id = p_page_id
        UNION ALL
        SELECT notion_database_id, notion_last_edited_time, properties, deleted_at FROM ${schema}.notion_worlds_sync
            WHERE user_id = p_user_id AND notion_page_id = p_page_id
        UNION ALL
        SELECT notion_database_id, notion_last_edited_time, properties, deleted_at FROM ${schema}.notion_stories_sync
            WHERE user_id = p_user_id AND notion_page_id = p_page_id
        UNION ALL
        SELECT notion_database_id, notion_last_edited_time, properties, deleted_at FROM ${schema}.notion_chat_sessions_sync
            WHERE user_id = p_user_id AND notion_page_id = p_page_id
        UNION ALL
        SELECT notion_database_id, notion_last_edited_time, properties, deleted_at FROM ${schema}.notion_pages_sync
            WHERE user_id = p_user_id AND notion_page_id = p_page_id
    ) p LIMIT 1;
$fn$;

-- Rich text for a string: pieces of at most 2,000 characters, at most 100 of them.
CREATE FUNCTION ${schema}.notion_sync_rich_text(p_fn text, p_property text, p_text text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    n integer := length(p_text);
BEGIN
    IF n > 200000 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('has %s characters; Notion takes at most'
            ' 200000 (100 pieces of 2000)', n), p_property);
    END IF;
    IF n = 0 THEN
        RETURN '[]'::jsonb;
    END IF;
    RETURN (SELECT jsonb_agg(jsonb_build_object('type', 'text', 'text',
                   jsonb_build_object('content', substr(p_text, i, 2000))) ORDER BY i)
              FROM generate_series(1, n, 2000) i);
END
$fn$;

-- A list value: an array (or one value alone) of at most 100 strings.
CREATE FUNCTION ${schema}.notion_sync_string_list(p_fn text, p_property text, p_value jsonb, p_what text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    arr jsonb := CASE jsonb_typeof(p_value) WHEN 'array' THEN p_value WHEN 'null' THEN '[]'::jsonb
                      ELSE jsonb_build_array(p_value) END;
    out text[];
BEGIN
    IF jsonb_array_length(arr) > 100 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('has %s values; Notion takes at most 100',
            jsonb_array_length(arr)), p_property);
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(arr) e WHERE jsonb_typeof(e) <> 'string') THEN
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, 'expects ' || p_what
            || ' (a string or an array of strings)', p_property);
    END IF;
    SELECT coalesce(array_agg(e ORDER BY o), '{}') INTO out FROM jsonb_array_elements_text(arr) WITH ORDINALITY AS x(e, o);
    RETURN out;
END
$fn$;

CREATE FUNCTION ${schema}.notion_sync_option(p_fn text, p_property text, p_name text, p_options jsonb, p_may_add boolean)
RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF p_name = '' OR length(p_name) > 100 OR strpos(p_name, ',') > 0 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('cannot take the option "%s": an option is'
            ' 1 to 100 characters without commas', left(p_name, 120)), p_property);
    END IF;
    IF NOT p_may_add AND NOT coalesce(p_options ? p_name, false) THEN
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('has no option "%s"; its options are %s',
            left(p_name, 120), left(coalesce(p_options::text, '[]'), 500)), p_property);
    END IF;
    RETURN p_name;
END
$fn$;

-- One value: plain JSON to Notion's property value shape, checked against the property's type.
-- Returns {"value": <Notion value>, "expected": <normalised value, absent when unpredictable>}.
CREATE FUNCTION ${schema}.notion_sync_write_value(p_fn text, p_property text, p_def jsonb, p_value jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    t text := p_def->>'type';
    k text := jsonb_typeof(p_value);
    s text;
    names text[];
    d jsonb;
    lim integer;
BEGIN
    IF t IN ('formula', 'rollup', 'created_time', 'created_by', 'last_edited_time', 'last_edited_by', 'unique_id',
             'verification', 'button') THEN
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('is a %s property, which Notion computes:'
            ' it cannot be written', t), p_property);
    END IF;
    CASE t
    WHEN 'title', 'rich_text' THEN
        IF k NOT IN ('string', 'null') THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('expects text (a %s property), got %s',
                t, k), p_property);
        END IF;
        s := coalesce(p_value #>> '{}', '');
        RETURN jsonb_build_object('value', jsonb_build_object(t, ${schema}.notion_sync_rich_text(p_fn, p_property, s)),
                                  'expected', to_jsonb(s));
    WHEN 'number' THEN
        IF k NOT IN ('number', 'null') THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('expects a number, got %s', k), p_property);
        END IF;
        RETURN jsonb_build_object('value', jsonb_build_object('number', p_value), 'expected', p_value);
    WHEN 'checkbox' THEN
        IF k <> 'boolean' THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('expects true or false, got %s', k),
                p_property);
        END IF;
        RETURN jsonb_build_object('value', jsonb_build_object('checkbox', p_value), 'expected', p_value);
    WHEN 'select', 'status' THEN
        IF k NOT IN ('string', 'null') THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('expects an option name (a %s property),'
                ' got %s', t, k), p_property);
        END IF;
        IF k = 'null' THEN
            RETURN jsonb_build_object('value', jsonb_build_object(t, NULL), 'expected', 'null'::jsonb);
        END IF;
        -- The API adds a new select option when needed; status options must exist.
        s := ${schema}.notion_sync_option(p_fn, p_property, p_value #>> '{}', p_def->'options', t = 'select');
        RETURN jsonb_build_object('value', jsonb_build_object(t, jsonb_build_object('name', s)), 'expected', to_jsonb(s));
    WHEN 'multi_select' THEN
        names := ${schema}.notion_sync_string_list(p_fn, p_property, p_value, 'option names');
        IF (SELECT count(DISTINCT n) FROM unnest(names) n) <> cardinality(names) THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, 'names an option twice', p_property);
        END IF;
        PERFORM ${schema}.notion_sync_option(p_fn, p_property, n, p_def->'options', true) FROM unnest(names) n;
        RETURN jsonb_build_object('value', jsonb_build_object('multi_select',
                   (SELECT coalesce(jsonb_agg(jsonb_build_object('name', n) ORDER BY o), '[]') FROM unnest(names)
                        WITH ORDINALITY AS x(n, o))), 'expected', to_jsonb(names));
    WHEN 'date' THEN
        IF k = 'null' THEN
            RETURN jsonb_build_object('value', jsonb_build_object('date', NULL));
        END IF;
        d := (CASE WHEN k = 'string' THEN jsonb_build_object('start', p_value) WHEN k = 'object' THEN p_value END);
        IF d IS NULL OR jsonb_typeof(d->'start') IS DISTINCT FROM 'string'
                OR EXISTS (SELECT 1 FROM jsonb_object_keys(d) f WHERE f NOT IN ('start', 'end', 'time_zone'))
                OR (d ? 'end' AND jsonb_typeof(d->'end') NOT IN ('string', 'null'))
                OR (d ? 'time_zone' AND jsonb_typeof(d->'time_zone') NOT IN ('string', 'null')) THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, 'expects an ISO 8601 date or date-time, or'
                ' {"start", "end", "time_zone"}', p_property);
        END IF;
        FOR s IN SELECT d->>f FROM unnest(ARRAY['start', 'end']) f WHERE d->>f IS NOT NULL LOOP
            BEGIN
                IF s ~ '^\d{4}-\d{2}-\d{2}$' THEN
                    PERFORM s::date;
                ELSIF s ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$' THEN
                    PERFORM s::timestamptz;
                ELSE
                    RAISE invalid_datetime_format;
                END IF;
            EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
                PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('has "%s", which is not an ISO 8601'
                    ' date or date-time', left(s, 100)), p_property);
            END;
        END LOOP;
        RETURN jsonb_build_object('value', jsonb_build_object('date', d));
    WHEN 'url', 'email', 'phone_number' THEN
        IF k NOT IN ('string', 'null') THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('expects a string (a %s property), got %s',
                t, k), p_property);
        END IF;
        s := p_value #>> '{}';
        lim := (CASE WHEN t = 'url' THEN 2000 ELSE 200 END);
        IF length(s) > lim THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('has %s characters; Notion takes at most %s',
                length(s), lim), p_property);
        END IF;
        IF t = 'email' AND s IS NOT NULL AND s !~ '^[^@\s]+@[^@\s]+$' THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, 'expects an email address', p_property);
        END IF;
        IF s = '' THEN
            s := NULL;
        END IF;
        RETURN jsonb_build_object('value', jsonb_build_object(t, s), 'expected', to_jsonb(s));
    WHEN 'relation', 'people' THEN
        names := ${schema}.notion_sync_string_list(p_fn, p_property, p_value, (CASE WHEN t = 'relation'
                                                   THEN 'page ids' ELSE 'user ids' END));
        IF EXISTS (SELECT 1 FROM unnest(names) n WHERE ${schema}.notion_sync_parse_id(n) IS NULL) THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('expects Notion %s ids, got "%s"',
                (CASE WHEN t = 'relation' THEN 'page' ELSE 'user' END),
                left((SELECT n FROM unnest(names) n WHERE ${schema}.notion_sync_parse_id(n) IS NULL LIMIT 1), 100)),
                p_property);
        END IF;
        IF t = 'people' THEN
            RETURN jsonb_build_object('value', jsonb_build_object('people', (SELECT coalesce(jsonb_agg(
                       jsonb_build_object('object', 'user', 'id', ${schema}.notion_sync_parse_id(n)) ORDER BY o), '[]')
                       FROM unnest(names) WITH ORDINALITY AS x(n, o))));
        END IF;
        RETURN jsonb_build_object('value', jsonb_build_object('relation', (SELECT coalesce(jsonb_agg(
                   jsonb_build_object('id', ${schema}.notion_sync_parse_id(n)) ORDER BY o), '[]')
                   FROM unnest(names) WITH ORDINALITY AS x(n, o))),
               'expected', (SELECT coalesce(jsonb_agg(${schema}.notion_sync_parse_id(n) ORDER BY o), '[]')
                   FROM unnest(names) WITH ORDINALITY AS x(n, o)));
    WHEN 'files' THEN
        names := ${schema}.notion_sync_string_list(p_fn, p_property, p_value, 'file URLs');
        IF EXISTS (SELECT 1 FROM unnest(names) n WHERE n !~ '^https?://' OR length(n) > 2000) THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, 'expects http(s) URLs of at most 2000'
                ' characters', p_property);
        END IF;
        RETURN jsonb_build_object('value', jsonb_build_object('files', (SELECT coalesce(jsonb_agg(
                   jsonb_build_object('name', right(n, 100), 'type', 'external', 'external', jsonb_build_object('url', n))
                   ORDER BY o), '[]') FROM unnest(names) WITH ORDINALITY AS x(n, o))));
    ELSE
        PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('is a %s property, which notion-sync cannot'
            ' write', coalesce(t, 'unknown')), p_property);
    END CASE;
    RETURN NULL;
END
$fn$;

-- Every given value converted: keys are Notion property names (exact, else case-insensitive) or the
-- database's typed fields ("role", "description", "name", ...). Returns {"properties", "expected"}.
CREATE FUNCTION ${schema}.notion_sync_write_properties(p_fn text, p_schema ${schema}.notion_sync_schemas,
                                                       p_values jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    props jsonb := '{}'::jsonb;
    expected jsonb := '{}'::jsonb;
    given text;
    name text;
    converted jsonb;
BEGIN
    IF p_values IS NULL OR jsonb_typeof(p_values) <> 'object' THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, 'properties must be a JSON object of property name'
            ' (or field) to value');
    END IF;
    IF octet_length(p_values::text) > 262144 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, 'properties are larger than 256 KiB');
    END IF;
    IF (SELECT count(*) FROM jsonb_object_keys(p_values)) > 200 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, 'more than 200 properties in one change');
    END IF;
    FOR given IN SELECT jsonb_object_keys(p_values) LOOP
        name := CASE
            WHEN p_schema.properties ? given THEN given
            WHEN p_schema.fields ? given AND p_schema.properties ? (p_schema.fields->>given) THEN p_schema.fields->>given
            ELSE (SELECT min(p) FROM jsonb_object_keys(p_schema.properties) p WHERE lower(p) = lower(given)
                  HAVING count(*) = 1) END;
        IF name IS NULL THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, format('is not a property of database "%s";'
                ' its properties are %s', p_schema.database_name,
                left((SELECT string_agg(format('"%s"', p), ', ' ORDER BY p) FROM jsonb_object_keys(p_schema.properties) p),
                     1000)), given);
        END IF;
        IF props ? name THEN
            PERFORM ${schema}.notion_sync_write_error('NSW01', p_fn, 'is given twice (by name and by field)', name);
        END IF;
        converted := ${schema}.notion_sync_write_value(p_fn, name, p_schema.properties->name, p_values->given);
        props := props || jsonb_build_object(name, converted->'value');
        IF converted ? 'expected' THEN
            expected := expected || jsonb_build_object(name, converted->'expected');
        END IF;
    END LOOP;
    RETURN jsonb_build_object('properties', props, 'expected', expected);
END
$fn$;

CREATE FUNCTION ${schema}.notion_sync_check_user(p_fn text, p_user_id text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF p_user_id IS NULL OR length(p_user_id) NOT BETWEEN 1 AND 255 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, 'user id must be 1 to 255 characters');
    END IF;
END
$fn$;

CREATE FUNCTION ${schema}.notion_sync_check_markdown(p_fn text, p_markdown text, p_required boolean)
RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF p_required AND (p_markdown IS NULL OR btrim(p_markdown) = '') THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, 'content_markdown must not be empty');
    END IF;
    IF length(p_markdown) > 100000 THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, format('content_markdown has %s characters; at most'
            ' 100000 are taken in one change', length(p_markdown)));
    END IF;
END
$fn$;

-- The mirrored page a change targets, with its database's schema; refuses unknown pages.
CREATE FUNCTION ${schema}.notion_sync_change_target(p_fn text, p_user_id text, p_page_id text,
    OUT page_id uuid, OUT schema_row ${schema}.notion_sync_schemas, OUT last_edited timestamptz,
    OUT mirror_properties jsonb, OUT deleted boolean)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    db uuid;
BEGIN
    PERFORM ${schema}.notion_sync_check_user(p_fn, p_user_id);
    page_id := ${schema}.notion_sync_parse_id(p_page_id);
    IF page_id IS NULL THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, format('"%s" is not a Notion page id or URL',
            left(coalesce(p_page_id, ''), 100)));
    END IF;
    SELECT f.notion_database_id, f.notion_last_edited_time, f.properties, f.deleted
      INTO db, last_edited, mirror_properties, deleted
      FROM ${schema}.notion_sync_find_page(p_user_id, page_id) f;
    IF NOT FOUND THEN
        PERFORM ${schema}.notion_sync_write_error('NSW02', p_fn, format('user %s has no mirrored page %s', p_user_id,
            page_id));
    END IF;
    SELECT s.* INTO schema_row FROM ${schema}.notion_sync_schemas s WHERE s.user_id = p_user_id AND s.notion_database_id = db;
    IF NOT FOUND THEN
        PERFORM ${schema}.notion_sync_write_error('NSW02', p_fn, format('page %s is not in a database whose schema'
            ' notion-sync has read (sync its database first)', page_id));
    END IF;
END
$fn$;

CREATE FUNCTION ${schema}.notion_update_page(p_user_id text, p_page_id text, p_properties jsonb,
                                             p_base timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    t record;
    c jsonb;
    id bigint;
BEGIN
    SELECT * INTO t FROM ${schema}.notion_sync_change_target('notion_update_page', p_user_id, p_page_id);
    IF t.deleted THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', 'notion_update_page', format('page %s is deleted or in the'
            ' trash; restore it first', t.page_id));
    END IF;
    c := ${schema}.notion_sync_write_properties('notion_update_page', t.schema_row, p_properties);
    IF c->'properties' = '{}'::jsonb THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', 'notion_update_page', 'no properties to change');
    END IF;
    INSERT INTO ${schema}.notion_sync_outbox (user_id, notion_database_id, notion_page_id, operation, properties,
                                              expected, base_last_edited_time, base_values)
    VALUES (p_user_id, (t.schema_row).notion_database_id, t.page_id, 'update', c->'properties', c->'expected',
            coalesce(p_base, t.last_edited),
            (SELECT coalesce(jsonb_object_agg(k, t.mirror_properties->k->'value'), '{}')
               FROM jsonb_object_keys(c->'properties') k))
    RETURNING change_id INTO id;
    RETURN id;
END
$fn$;

CREATE FUNCTION ${schema}.notion_create_page(p_user_id text, p_database_id text, p_properties jsonb,
                                             p_content_markdown text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    s ${schema}.notion_sync_schemas;
    c jsonb;
    id bigint;
BEGIN
    PERFORM ${schema}.notion_sync_check_user('notion_create_page', p_user_id);
    SELECT x.* INTO s FROM ${schema}.notion_sync_schemas x
     WHERE x.user_id = p_user_id AND (x.notion_database_id = ${schema}.notion_sync_parse_id(p_database_id)
                                      OR lower(x.database_name) = lower(btrim(left(p_database_id, 500))))
     ORDER BY x.notion_database_id = ${schema}.notion_sync_parse_id(p_database_id) DESC NULLS LAST LIMIT 1;
    IF NOT FOUND THEN
        PERFORM ${schema}.notion_sync_write_error('NSW02', 'notion_create_page', format('user %s has no mirrored'
            ' database "%s" whose schema notion-sync has read (sync it first)', p_user_id,
            left(coalesce(p_database_id, ''), 100)));
    END IF;
    PERFORM ${schema}.notion_sync_check_markdown('notion_create_page', p_content_markdown, false);
    c := ${schema}.notion_sync_write_properties('notion_create_page', s, coalesce(p_properties, '{}'::jsonb));
    INSERT INTO ${schema}.notion_sync_outbox (user_id, notion_database_id, operation, properties, expected,
                                              content_markdown)
    VALUES (p_user_id, s.notion_database_id, 'create', c->'properties', c->'expected', nullif(p_content_markdown, ''))
    RETURNING change_id INTO id;
    RETURN id;
END
$fn$;

-- Trash, restore, append and replace content: changes of a page without property values.
CREATE FUNCTION ${schema}.notion_sync_page_change(p_fn text, p_operation text, p_user_id text, p_page_id text,
                                                  p_markdown text, p_base timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    t record;
    id bigint;
BEGIN
    SELECT * INTO t FROM ${schema}.notion_sync_change_target(p_fn, p_user_id, p_page_id);
    IF t.deleted AND p_operation <> 'restore' THEN
        PERFORM ${schema}.notion_sync_write_error('NSW03', p_fn, format('page %s is deleted or in the trash;'
            ' restore it first', t.page_id));
    END IF;
    PERFORM ${schema}.notion_sync_check_markdown(p_fn, p_markdown, p_operation IN ('append', 'replace'));
    INSERT INTO ${schema}.notion_sync_outbox (user_id, notion_database_id, notion_page_id, operation, content_markdown,
                                              base_last_edited_time)
    VALUES (p_user_id, (t.schema_row).notion_database_id, t.page_id, p_operation, p_markdown,
            coalesce(p_base, t.last_edited))
    RETURNING change_id INTO id;
    RETURN id;
END
$fn$;

CREATE FUNCTION ${schema}.notion_trash_page(p_user_id text, p_page_id text)
RETURNS bigint
LANGUAGE sql VOLATILE AS $fn$
    SELECT ${schema}.notion_sync_page_change('notion_trash_page', 'trash', p_user_id, p_page_id, NULL, NULL);
$fn$;

CREATE FUNCTION ${schema}.notion_restore_page(p_user_id text, p_page_id text)
RETURNS bigint
LANGUAGE sql VOLATILE AS $fn$
    SELECT ${schema}.notion_sync_page_change('notion_restore_page', 'restore', p_user_id, p_page_id, NULL, NULL);
$fn$;

CREATE FUNCTION ${schema}.notion_append_content(p_user_id text, p_page_id text, p_content_markdown text)
RETURNS bigint
LANGUAGE sql VOLATILE AS $fn$
    SELECT ${schema}.notion_sync_page_change('notion_append_content', 'append', p_user_id, p_page_id,
                                             p_content_markdown, NULL);
$fn$;

CREATE FUNCTION ${schema}.notion_replace_content(p_user_id text, p_page_id text, p_content_markdown text,
                                                 p_base timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE AS $fn$
    SELECT ${schema}.notion_sync_page_change('notion_replace_content', 'replace', p_user_id, p_page_id,
                                             p_content_markdown, p_base);
$fn$;
