-- notion-sync: one row per scheduled job firing, so that with several application instances a
-- job runs once per schedule: the instance whose insert succeeds runs it.
CREATE TABLE ${schema}.notion_sync_job_runs (
    job_name             text        NOT NULL,
    scheduled_for        timestamptz NOT NULL,
    instance             text        NOT NULL,
    started_at           timestamptz NOT NULL DEFAULT now(),
    finished_at          timestamptz,
    outcome              text,
    PRIMARY KEY (job_name, scheduled_for)
);
