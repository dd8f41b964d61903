package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionSync;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.jooq.MirroredDatabase;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spi.SyncState;
import io.github.notionsync.spring.CurrentUserResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The admin dashboard of the seed's next steps: one HTML page with the current user's databases
 * (kind, pages mirrored and deleted, watermark, last full pass, last outcome), recent runs with
 * their statistics, and recent errors. Served at {@code notion.sync.dashboard.path} with the REST
 * endpoints' notion of the current user; plain HTML, no scripts.
 */
@RestController
public class NotionSyncDashboard {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int ROWS = 20;

    private final SyncRequests requests;
    private final NotionSyncQueries queries;
    private final CurrentUserResolver users;

    private final io.github.notionsync.EmbeddingWorker embeddings;

    public NotionSyncDashboard(SyncRequests requests, NotionSyncQueries queries, CurrentUserResolver users) {
        this(requests, queries, users, null);
    }

    /** @param embeddings the background embedding, whose backlog the page shows, or {@code null} */
    public NotionSyncDashboard(SyncRequests requests, NotionSyncQueries queries, CurrentUserResolver users,
            io.github.notionsync.EmbeddingWorker embeddings) {
        this.requests = requests;
        this.queries = queries;
        this.users = users;
        this.embeddings = embeddings;
    }

    @GetMapping(path = "${notion.sync.dashboard.path:/notion-sync}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(HttpServletRequest request) {
        Optional<String> user = users.currentUser(request);
        if (user.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_HTML)
                    .body(html("notion-sync", "<p>Sign in to see your sync status.</p>"));
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(render(user.get()));
    }

    String render(String user) {
        NotionSync engine = requests.engine();
        StringBuilder b = new StringBuilder();
        b.append("<p>User <b>").append(esc(user)).append("</b> &middot; ").append(esc(TIME.format(Instant.now())))
                .append("</p>");

        // By database and kind: a database whose kind was changed has rows in two tables.
        Map<String, MirroredDatabase> counts = new HashMap<>();
        queries.mirroredDatabases(user).forEach(m -> counts.put(m.databaseId().value() + "/" + m.kind(), m));
        b.append("<h2>Databases</h2>");
        List<DatabaseConfig> databases;
        try {
            databases = engine.databases(user);
        } catch (NotionSyncException e) {
            databases = List.of();
            b.append("<p class=bad>The connections of this user cannot be read: ").append(esc(e.getMessage()))
                    .append("</p>");
        }
        if (databases.isEmpty()) {
            b.append("<p>No databases are configured for this user.</p>");
        } else {
            b.append("<table><tr><th>Database</th><th>Kind</th><th>Pages</th><th>Deleted</th><th>Watermark</th>"
                    + "<th>Last full pass</th><th>Last run</th><th>Outcome</th></tr>");
            for (DatabaseConfig db : databases) {
                MirroredDatabase m = counts.get(db.id().value() + "/" + db.kind());
                Optional<SyncState> state = engine.repository().syncState(user, db.id());
                String outcome = state.map(SyncState::lastOutcome).map(Enum::name).orElse(null);
                b.append("<tr><td>").append(esc(db.name())).append("<br><small>").append(esc(db.id().value()))
                        .append("</small></td><td>").append(esc(db.kind().name())).append("</td><td class=n>")
                        .append(m == null ? 0 : m.livePages()).append("</td><td class=n>")
                        .append(m == null ? 0 : m.deletedPages()).append("</td><td>")
                        .append(time(state.map(SyncState::watermark).orElse(null))).append("</td><td>")
                        .append(time(state.map(SyncState::lastFullSyncAt).orElse(null))).append("</td><td>")
                        .append(time(state.map(SyncState::lastRunAt).orElse(null))).append("</td><td")
                        .append(outcomeClass(outcome)).append('>').append(outcome == null ? "never synced"
                                : esc(outcome)).append("</td></tr>");
            }
            b.append("</table>");
        }

        if (embeddings != null) {
            long backlog;
            try {
                backlog = embeddings.backlog(user);
            } catch (NotionSyncException e) {
                backlog = -1;
            }
            b.append("<p>Semantic search (").append(esc(embeddings.modelId())).append("): ")
                    .append(backlog < 0 ? "backlog unknown" : backlog == 0 ? "every page is embedded"
                            : backlog + " pages waiting to be embedded").append("</p>");
        }

        b.append("<h2>Connections</h2>");
        List<SyncRequests.ConnectionStatus> connections;
        try {
            connections = requests.connections(user);
        } catch (NotionSyncException e) {
            connections = List.of();
        }
        if (connections.isEmpty()) {
            b.append("<p>No connections.</p>");
        } else {
            b.append("<table><tr><th>Connection</th><th>Next sync due</th><th>Running on</th><th>Last outcome</th>"
                    + "</tr>");
            for (SyncRequests.ConnectionStatus c : connections) {
                b.append("<tr><td>").append(esc(c.name())).append("</td><td>")
                        .append(c.nextDue() == null ? "not scheduled" : time(c.nextDue())).append("</td><td>")
                        .append(c.runningOn() == null ? "" : esc(c.runningOn())).append("</td><td")
                        .append(outcomeClass(c.lastOutcome())).append('>')
                        .append(c.lastOutcome() == null ? "never synced" : esc(c.lastOutcome())).append("</td></tr>");
            }
            b.append("</table>");
        }

        b.append("<h2>Recent runs</h2>");
        List<SyncRunRecord> runs = engine.repository().recentRuns(user, ROWS);
        if (runs.isEmpty()) {
            b.append("<p>No runs yet.</p>");
        } else {
            b.append("<table><tr><th>Started</th><th>Database</th><th>Pass</th><th>Outcome</th><th>Seen</th>"
                    + "<th>New</th><th>Changed</th><th>Unchanged</th><th>Deleted</th><th>Failed</th>"
                    + "<th>Requests</th><th>Retries</th><th>Duration</th></tr>");
            for (SyncRunRecord run : runs) {
                DatabaseSyncReport r = run.report();
                b.append("<tr><td>").append(time(r.startedAt())).append("</td><td>").append(esc(r.databaseName()))
                        .append("</td><td>").append(r.fullPass() ? "full" : "incremental").append("</td><td")
                        .append(outcomeClass(r.outcome().name())).append('>').append(esc(r.outcome().name()));
                if (r.errorMessage() != null) {
                    b.append("<br><small>").append(esc(r.errorMessage())).append("</small>");
                }
                b.append("</td>");
                for (long v : new long[] {r.pagesSeen(), r.inserted(), r.updated(), r.unchanged(), r.deleted(),
                    r.failed(), r.requests(), r.retries()}) {
                    b.append("<td class=n>").append(v).append("</td>");
                }
                b.append("<td class=n>").append(String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0))
                        .append("</td></tr>");
            }
            b.append("</table>");
        }

        b.append("<h2>Recent errors</h2>");
        List<SyncErrorRecord> errors = engine.repository().recentErrors(user, ROWS);
        if (errors.isEmpty()) {
            b.append("<p>None.</p>");
        } else {
            b.append("<table><tr><th>When</th><th>Database</th><th>Page</th><th>Type</th><th>Message</th></tr>");
            for (SyncErrorRecord e : errors) {
                b.append("<tr><td>").append(time(e.occurredAt())).append("</td><td>")
                        .append(e.databaseId() == null ? "" : esc(e.databaseId().value())).append("</td><td>")
                        .append(e.pageId() == null ? "" : esc(e.pageId().value())).append("</td><td>")
                        .append(esc(e.errorType())).append("</td><td>").append(esc(e.message())).append("</td></tr>");
            }
            b.append("</table>");
        }
        return html("notion-sync", b.toString());
    }

    private static String outcomeClass(String outcome) {
        if (outcome == null) {
            return "";
        }
        return outcome.equals("SUCCESS") ? " class=ok" : outcome.equals("FAILED") ? " class=bad" : " class=warn";
    }

    private static String time(Instant t) {
        return t == null ? "&ndash;" : esc(TIME.format(t));
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + "</title>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\"><style>"
                + "body{font:14px system-ui,sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse;margin-bottom:1em}"
                + "th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
                + "th{background:#f4f4f4}td.n{text-align:right}small{color:#777}"
                + ".ok{color:#17632a}.bad{color:#a11}.warn{color:#8a5a00}"
                + "</style></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
