-- notion-sync: the change feed announces a running sync's progress. The engine updates its
-- running run's counts after each stored batch; each such update is logged and announced as a
-- run_progress event with the counts so far, between the run's run_started and run_finished.
-- A pass over unchanged pages therefore shows progress too, which page events alone did not.
-- ${schema} is the schema notion-sync was migrated into.
ALTER TABLE ${schema}.notion_sync_changes DROP CONSTRAINT notion_sync_changes_event_type_check;
ALTER TABLE ${schema}.notion_sync_changes ADD CONSTRAINT notion_sync_changes_event_type_check
    CHECK (event_type IN ('page_inserted', 'page_updated', 'page_deleted', 'page_restored', 'run_started',
                          'run_progress', 'run_finished'));

-- Runs: a row inserted as running is a start; new counts on a row still running are progress; a
-- row that leaves running (or is first written finished, when its start could not be recorded)
-- is an end, with its outcome and counts.
CREATE OR REPLACE FUNCTION ${schema}.notion_sync_log_runs()
RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    c ${schema}.notion_sync_changes;
    running boolean := NEW.outcome = 'RUNNING';
    progress boolean := TG_OP = 'UPDATE' AND NEW.outcome = 'RUNNING';
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.outcome <> 'RUNNING' THEN
        RETURN NULL;
    END IF;
    IF progress AND NEW.pages_seen IS NOT DISTINCT FROM OLD.pages_seen THEN
        RETURN NULL;
    END IF;
    INSERT INTO ${schema}.notion_sync_changes (user_id, event_type, target_kind, notion_database_id, title,
                                               run_id, payload)
    VALUES (NEW.user_id, CASE WHEN progress THEN 'run_progress' WHEN running THEN 'run_started'
                              ELSE 'run_finished' END, NEW.target_kind,
            NEW.notion_database_id, left(NEW.database_name, 200), NEW.run_id,
            CASE WHEN running AND NOT progress THEN jsonb_build_object('full_pass', NEW.full_pass)
                 ELSE jsonb_strip_nulls(jsonb_build_object('full_pass', NEW.full_pass,
                      'outcome', CASE WHEN progress THEN NULL ELSE NEW.outcome END,
                      'pages_seen', NEW.pages_seen, 'inserted', NEW.pages_inserted, 'updated', NEW.pages_updated,
                      'unchanged', NEW.pages_unchanged, 'deleted', NEW.pages_deleted, 'failed', NEW.pages_failed,
                      'duration_ms', NEW.duration_ms)) END)
    RETURNING * INTO c;
    PERFORM pg_notify('notion_sync_changes', ${schema}.notion_sync_change_payload(c));
    RETURN NULL;
END
$fn$;

DROP TRIGGER notion_sync_changes_runs ON ${schema}.notion_sync_runs;
CREATE TRIGGER notion_sync_changes_runs AFTER INSERT OR UPDATE OF outcome, pages_seen ON ${schema}.notion_sync_runs
    FOR EACH ROW EXECUTE FUNCTION ${schema}.notion_sync_log_runs();
