-- notion-sync: coordination across application instances.
-- ${schema} is the schema notion-sync was migrated into.
--
-- 1. Locks (PostgresSyncLocks): every database sync holds its connection's lock, a lease that its
--    holder extends while it runs and that frees itself when the holder dies.
CREATE TABLE ${schema}.notion_sync_locks (
    lock_key             text        PRIMARY KEY CHECK (length(lock_key) BETWEEN 1 AND 500),
    locked_by            text        NOT NULL,
    lock_token           uuid        NOT NULL,
    locked_at            timestamptz NOT NULL,
    locked_until         timestamptz NOT NULL
);

-- 2. db-scheduler's table (NotionSyncScheduler): recurring executions per connection, one-off
--    executions for sync requests, the maintenance jobs. The layout is db-scheduler's own for
--    PostgreSQL; only the name is ours, so that it never meets a host application's own table.
CREATE TABLE ${schema}.notion_sync_scheduled_tasks (
    task_name            text        NOT NULL,
    task_instance        text        NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean     NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint      NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX notion_sync_scheduled_tasks_execution_time_idx ON ${schema}.notion_sync_scheduled_tasks (execution_time);
CREATE INDEX notion_sync_scheduled_tasks_last_heartbeat_idx ON ${schema}.notion_sync_scheduled_tasks (last_heartbeat);
CREATE INDEX notion_sync_scheduled_tasks_priority_idx
    ON ${schema}.notion_sync_scheduled_tasks (priority DESC, execution_time ASC);

-- 3. Sync requests become one-off executions. A request row (from sync_notion_database, REST,
--    webhooks or stale reads) schedules its execution in the same transaction, so a request is
--    served exactly once cluster-wide even if the instance serving it dies: db-scheduler
--    revives executions whose instance stopped sending heartbeats.
ALTER TABLE ${schema}.notion_sync_requests
    ADD COLUMN wait        boolean NOT NULL DEFAULT true,
    ADD COLUMN error_kind  text CHECK (error_kind IN ('busy', 'unknown_database', 'error'));

CREATE FUNCTION ${schema}.notion_sync_schedule_request()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    INSERT INTO ${schema}.notion_sync_scheduled_tasks (task_name, task_instance, execution_time, picked, version)
    VALUES ('notion-sync-request', NEW.request_id::text, now(), false, 1)
    ON CONFLICT DO NOTHING;
    PERFORM pg_notify('notion_sync_requests', NEW.request_id::text);
    RETURN NEW;
END
$fn$;
ALTER FUNCTION ${schema}.notion_sync_schedule_request() SET search_path = ${schema}, pg_catalog;

CREATE TRIGGER notion_sync_schedule_request
    AFTER INSERT ON ${schema}.notion_sync_requests
    FOR EACH ROW EXECUTE FUNCTION ${schema}.notion_sync_schedule_request();

-- A request for a database (or, with NULL, for all of a user's databases) that already has one
-- pending joins it: the id returned is the pending request's. p_wait = false asks not to wait for
-- a sync of the same connection running elsewhere: the request then fails as 'busy'.
DROP FUNCTION ${schema}.sync_all_notion_databases(text);
DROP FUNCTION ${schema}.sync_notion_database(text, text, boolean);
CREATE FUNCTION ${schema}.sync_notion_database(p_user_id text, p_database_id text, p_full_pass boolean DEFAULT false,
                                               p_wait boolean DEFAULT true)
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
    -- One caller at a time per target, so that two joining callers find each other.
    PERFORM pg_advisory_xact_lock(hashtextextended('notion-sync-request:' || p_user_id || '/'
                                                   || coalesce(p_database_id, '*'), 0));
    IF coalesce(p_wait, true) THEN
        SELECT r.request_id INTO id FROM ${schema}.notion_sync_requests r
            WHERE r.user_id = p_user_id AND r.notion_database_id IS NOT DISTINCT FROM p_database_id
              AND r.full_pass = coalesce(p_full_pass, false) AND r.wait AND r.status = 'pending'
            ORDER BY r.request_id LIMIT 1;
        IF FOUND THEN
            RETURN id;
        END IF;
    END IF;
    INSERT INTO ${schema}.notion_sync_requests (user_id, notion_database_id, full_pass, wait)
    VALUES (p_user_id, p_database_id, coalesce(p_full_pass, false), coalesce(p_wait, true))
    RETURNING request_id INTO id;
    RETURN id;
END
$fn$;

CREATE FUNCTION ${schema}.sync_all_notion_databases(p_user_id text)
RETURNS bigint
LANGUAGE sql VOLATILE AS $fn$
    SELECT ${schema}.sync_notion_database(p_user_id, NULL, false);
$fn$;

-- 4. Forward from the serial coordinator: its job-claim table goes, and requests it left pending
--    or running (its instance died) are served again.
DROP TABLE ${schema}.notion_sync_job_runs;
UPDATE ${schema}.notion_sync_requests SET status = 'pending', claimed_by = NULL, started_at = NULL
    WHERE status = 'running';
INSERT INTO ${schema}.notion_sync_scheduled_tasks (task_name, task_instance, execution_time, picked, version)
    SELECT 'notion-sync-request', request_id::text, now(), false, 1
    FROM ${schema}.notion_sync_requests WHERE status = 'pending'
    ON CONFLICT DO NOTHING;
