package io.github.notionsync.jooq;

import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a sync report, as the REST endpoint replies and {@code notion_sync_requests.result}
 * stores it: the totals, then one object per database.
 */
public final class SyncReportJson {

    private SyncReportJson() {
    }

    /** The report as JSON-ready maps and lists. */
    public static Map<String, Object> of(SyncReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", report.outcome() == SyncOutcome.SUCCESS || report.outcome() == SyncOutcome.PARTIAL);
        out.put("run_id", report.runId().toString());
        out.put("outcome", report.outcome().name());
        out.put("started_at", report.startedAt().toString());
        out.put("duration_ms", report.duration().toMillis());
        out.put("pages_seen", report.pagesSeen());
        out.put("inserted", report.inserted());
        out.put("updated", report.updated());
        out.put("unchanged", report.unchanged());
        out.put("deleted", report.deleted());
        out.put("failed", report.failed());
        out.put("requests", report.requests());
        out.put("retries", report.retries());
        List<Map<String, Object>> databases = new ArrayList<>();
        for (DatabaseSyncReport d : report.databases()) {
            databases.add(of(d));
        }
        out.put("databases", databases);
        return out;
    }

    /** One database's part of a report as a JSON-ready map. */
    public static Map<String, Object> of(DatabaseSyncReport d) {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("database_id", d.databaseId().value());
        db.put("database_name", d.databaseName());
        db.put("kind", d.kind().name());
        db.put("full_pass", d.fullPass());
        db.put("outcome", d.outcome().name());
        db.put("started_at", d.startedAt().toString());
        db.put("duration_ms", d.duration().toMillis());
        db.put("pages_seen", d.pagesSeen());
        db.put("inserted", d.inserted());
        db.put("updated", d.updated());
        db.put("unchanged", d.unchanged());
        db.put("deleted", d.deleted());
        db.put("failed", d.failed());
        db.put("requests", d.requests());
        db.put("retries", d.retries());
        db.put("error", d.errorMessage());
        return db;
    }
}
