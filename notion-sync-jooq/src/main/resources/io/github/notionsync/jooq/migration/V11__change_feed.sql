-- notion-sync: the change feed. ${schema} is the schema notion-sync was migrated into.
--
-- Every committed change of the mirror (a page inserted, updated, deleted or restored) and every
-- run's start and end is logged in notion_sync_changes and announced with
-- NOTIFY notion_sync_changes, by triggers, in the transaction of the write: PostgreSQL delivers
-- the notification only when that transaction commits and drops it on rollback, and a row of a
-- rolled-back transaction is never seen. The triggers on the mirror tables are per statement
-- with transition tables, so a batch of 100 pages costs one trigger call. Writes that change
-- nothing (an unchanged hash, a new edit time only) log nothing.
--
-- The payload is small and bounded (no content; titles cut to 200 characters; user ids are at
-- most 255), far under NOTIFY's 8000 bytes. The log is short-lived: the ChangeFeed deletes rows
-- older than its retention (one hour by default).
CREATE TABLE ${schema}.notion_sync_changes (
    change_id            bigserial   PRIMARY KEY,
    user_id              text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    event_type           text        NOT NULL CHECK (event_type IN ('page_inserted', 'page_updated',
                                     'page_deleted', 'page_restored', 'run_started', 'run_finished')),
    target_kind          text,
    notion_database_id   uuid,
    notion_page_id       uuid,
    title                text        CHECK (length(title) <= 200),
    run_id               uuid,
    payload              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notion_sync_changes_user_idx ON ${schema}.notion_sync_changes (user_id, change_id);
CREATE INDEX notion_sync_changes_created_idx ON ${schema}.notion_sync_changes (created_at);

ALTER TABLE ${schema}.notion_sync_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notion_sync_user_isolation ON ${schema}.notion_sync_changes
    USING (user_id = ${schema}.notion_sync_current_user_id())
    WITH CHECK (user_id = ${schema}.notion_sync_current_user_id());

-- The notification of one logged change: the row's columns (and the schema, so that listeners
-- of several schemas on one database can tell them apart).
CREATE FUNCTION ${schema}.notion_sync_change_payload(c ${schema}.notion_sync_changes)
RETURNS text
LANGUAGE sql STABLE AS $fn$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'id', c.change_id, 'schema', '${schema}', 'user_id', c.user_id, 'type', c.event_type,
        'kind', c.target_kind, 'database_id', c.notion_database_id, 'page_id', c.notion_page_id,
        'title', c.title, 'run_id', c.run_id, 'at', c.created_at) || c.payload)::text;
$fn$;

-- Mirror tables, inserts: TG_ARGV[0] is the target kind, TG_ARGV[1] the title column.
CREATE FUNCTION ${schema}.notion_sync_log_page_inserts()
RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format(
        'WITH logged AS (INSERT INTO %1$I.notion_sync_changes (user_id, event_type, target_kind,'
        ' notion_database_id, notion_page_id, title)'
        ' SELECT n.user_id, CASE WHEN n.deleted_at IS NULL THEN ''page_inserted'' ELSE ''page_deleted'' END,'
        ' %2$L, n.notion_database_id, n.notion_page_id, left(n.%3$I, 200) FROM new_rows n ORDER BY n.notion_page_id'
        ' RETURNING *)'
        ' SELECT count(pg_notify(''notion_sync_changes'', %1$I.notion_sync_change_payload(l))) FROM logged l',
        TG_TABLE_SCHEMA, TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END
$fn$;

-- Mirror tables, updates: compare each row before and after.
CREATE FUNCTION ${schema}.notion_sync_log_page_updates()
RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format(
        'WITH changed AS (SELECT n.user_id, n.notion_database_id, n.notion_page_id, left(n.%3$I, 200) AS title,'
        ' CASE WHEN o.deleted_at IS NULL AND n.deleted_at IS NOT NULL THEN ''page_deleted'''
        '      WHEN o.deleted_at IS NOT NULL AND n.deleted_at IS NULL THEN ''page_restored'''
        '      WHEN n.deleted_at IS NULL AND (o.content_hash IS DISTINCT FROM n.content_hash'
        '           OR o.%3$I IS DISTINCT FROM n.%3$I) THEN ''page_updated'' END AS event_type'
        ' FROM new_rows n JOIN old_rows o ON o.user_id = n.user_id AND o.notion_page_id = n.notion_page_id),'
        ' logged AS (INSERT INTO %1$I.notion_sync_changes (user_id, event_type, target_kind,'
        ' notion_database_id, notion_page_id, title)'
        ' SELECT c.user_id, c.event_type, %2$L, c.notion_database_id, c.notion_page_id, c.title FROM changed c'
        ' WHERE c.event_type IS NOT NULL ORDER BY c.notion_page_id RETURNING *)'
        ' SELECT count(pg_notify(''notion_sync_changes'', %1$I.notion_sync_change_payload(l))) FROM logged l',
        TG_TABLE_SCHEMA, TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END
$fn$;

-- Mirror tables, deletions of rows (not the usual marking as deleted): logged as deleted.
CREATE FUNCTION ${schema}.notion_sync_log_page_deletes()
RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format(
        'WITH logged AS (INSERT INTO %1$I.notion_sync_changes (user_id, event_type, target_kind,'
        ' notion_database_id, notion_page_id, title)'
        ' SELECT o.user_id, ''page_deleted'', %2$L, o.notion_database_id, o.notion_page_id, left(o.%3$I, 200)'
        ' FROM old_rows o WHERE o.deleted_at IS NULL ORDER BY o.notion_page_id RETURNING *)'
        ' SELECT count(pg_notify(''notion_sync_changes'', %1$I.notion_sync_change_payload(l))) FROM logged l',
        TG_TABLE_SCHEMA, TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END
$fn$;

DO $$
DECLARE
    m record;
BEGIN
    FOR m IN SELECT * FROM (VALUES ('notion_characters_sync', 'CHARACTERS', 'name'),
                                   ('notion_worlds_sync', 'WORLDS', 'name'),
                                   ('notion_stories_sync', 'STORIES', 'title'),
                                   ('notion_chat_sessions_sync', 'CHAT_SESSIONS', 'title'),
                                   ('notion_pages_sync', 'PAGES', 'title')) AS v(tbl, kind, title_column) LOOP
        EXECUTE format('CREATE TRIGGER notion_sync_changes_insert AFTER INSERT ON %I.%I'
                       ' REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION %I.notion_sync_log_page_inserts(%L, %L)',
                       '${schema}', m.tbl, '${schema}', m.kind, m.title_column);
        EXECUTE format('CREATE TRIGGER notion_sync_changes_update AFTER UPDATE ON %I.%I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION %I.notion_sync_log_page_updates(%L, %L)',
                       '${schema}', m.tbl, '${schema}', m.kind, m.title_column);
        EXECUTE format('CREATE TRIGGER notion_sync_changes_delete AFTER DELETE ON %I.%I'
                       ' REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION %I.notion_sync_log_page_deletes(%L, %L)',
                       '${schema}', m.tbl, '${schema}', m.kind, m.title_column);
    END LOOP;
END
$$;

-- Runs: a row inserted as running is a start; a row that leaves running (or is first written
-- finished, when its start could not be recorded) is an end, with its outcome and counts.
CREATE FUNCTION ${schema}.notion_sync_log_runs()
RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    c ${schema}.notion_sync_changes;
    started boolean := NEW.outcome = 'RUNNING';
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.outcome <> 'RUNNING' OR started) THEN
        RETURN NULL;
    END IF;
    INSERT INTO ${schema}.notion_sync_changes (user_id, event_type, target_kind, notion_database_id, title,
                                               run_id, payload)
    VALUES (NEW.user_id, CASE WHEN started THEN 'run_started' ELSE 'run_finished' END, NEW.target_kind,
            NEW.notion_database_id, left(NEW.database_name, 200), NEW.run_id,
            CASE WHEN started THEN jsonb_build_object('full_pass', NEW.full_pass)
                 ELSE jsonb_build_object('full_pass', NEW.full_pass, 'outcome', NEW.outcome,
                      'pages_seen', NEW.pages_seen, 'inserted', NEW.pages_inserted, 'updated', NEW.pages_updated,
                      'unchanged', NEW.pages_unchanged, 'deleted', NEW.pages_deleted, 'failed', NEW.pages_failed,
                      'duration_ms', NEW.duration_ms) END)
    RETURNING * INTO c;
    PERFORM pg_notify('notion_sync_changes', ${schema}.notion_sync_change_payload(c));
    RETURN NULL;
END
$fn$;

CREATE TRIGGER notion_sync_changes_runs AFTER INSERT OR UPDATE OF outcome ON ${schema}.notion_sync_runs
    FOR EACH ROW EXECUTE FUNCTION ${schema}.notion_sync_log_runs();
