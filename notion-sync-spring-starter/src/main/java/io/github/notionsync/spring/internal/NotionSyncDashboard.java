package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.jooq.MirroredDatabase;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.jooq.SearchHit;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spi.SyncState;
import io.github.notionsync.spring.CurrentUserResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The admin dashboard: one page, served at {@code notion.sync.dashboard.path} with the REST
 * endpoints' notion of the current user. The server renders everything static (the current
 * user's databases with pages, deleted pages, last run, next due run, outcome and lag; recent
 * runs; recent errors with links to the pages in Notion; connections; search results for
 * {@code ?q=}), so it reads without JavaScript. A script of its own, served from this jar with
 * its stylesheet and uPlot (a WebJar) under {@code <path>/assets/}, adds charts from
 * {@code GET /api/notion/sync/stats}, live progress from {@code GET /api/notion/events},
 * "Sync now" and "Full pass" buttons that POST to {@code /api/notion/sync-to-postgres}, and
 * search without reload. The page forbids inline scripts and anything from elsewhere with its
 * Content-Security-Policy.
 */
@RestController
public class NotionSyncDashboard {

    /**
     * Scripts, styles and data from this origin only; no inline script or style, no frames, no
     * plugins, forms to this origin only.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
            + " base-uri 'none'";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int ROWS = 20;
    private static final int MAX_QUERY = 200;
    private static final String NOTION_PAGE = "https://www.notion.so/";

    /** The files under {@code <path>/assets/}: name, class-path location, type. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "dashboard.js", new Asset("io/github/notionsync/spring/dashboard/dashboard.js", "text/javascript"),
            "dashboard.css", new Asset("io/github/notionsync/spring/dashboard/dashboard.css", "text/css"),
            "uPlot.iife.min.js", new Asset(webjar("dist/uPlot.iife.min.js"), "text/javascript"),
            "uPlot.min.css", new Asset(webjar("dist/uPlot.min.css"), "text/css"));

    private record Asset(String resource, String type) {
    }

    private final SyncRequests requests;
    private final NotionSyncQueries queries;
    private final CurrentUserResolver users;
    private final Clock clock;

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
        this.clock = Clock.systemUTC();
    }

    @GetMapping(path = "${notion.sync.dashboard.path:/notion-sync}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(HttpServletRequest request,
            @RequestParam(name = "q", required = false) String q) {
        String base = request.getContextPath() + NotionSyncRequestFilter.path(request);
        Optional<String> user = users.currentUser(request);
        if (user.isEmpty()) {
            return html(ResponseEntity.status(HttpStatus.UNAUTHORIZED)).body(document(base, request.getContextPath(),
                    "<main><p>Sign in to see your sync status.</p></main>"));
        }
        return html(ResponseEntity.ok()).body(document(base, request.getContextPath(), render(user.get(), q)));
    }

    /** The dashboard's script, stylesheet and uPlot, from the class path; 404 for anything else. */
    @GetMapping(path = "${notion.sync.dashboard.path:/notion-sync}/assets/{name:.+}")
    public ResponseEntity<byte[]> asset(@PathVariable String name) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            return ResponseEntity.notFound().build();
        }
        try (InputStream in = NotionSyncDashboard.class.getClassLoader().getResourceAsStream(asset.resource())) {
            if (in == null) {
                return ResponseEntity.notFound().build();
            }
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(asset.type() + ";charset=UTF-8"))
                    .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                    .header("X-Content-Type-Options", "nosniff").body(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseEntity.BodyBuilder html(ResponseEntity.BodyBuilder b) {
        return b.contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.VARY, "Cookie, Authorization");
    }

    String render(String user, String q) {
        NotionSync engine = requests.engine();
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder();
        b.append("<header><h1>notion-sync</h1><p>User <b>").append(esc(user)).append("</b> &middot; ")
                .append(esc(TIME.format(now))).append("</p><nav aria-label=Sections><ul>")
                .append("<li><a href=\"#databases-title\">Databases</a></li>")
                .append("<li><a href=\"#activity-title\">Activity</a></li>")
                .append("<li><a href=\"#search-title\">Search</a></li>")
                .append("<li><a href=\"#runs-title\">Recent runs</a></li>")
                .append("<li><a href=\"#errors-title\">Recent errors</a></li>")
                .append("<li><a href=\"#connections-title\">Connections</a></li></ul></nav></header><main>");

        List<SyncConnection> connections;
        String unreadable = null;
        try {
            connections = engine.connections(user);
        } catch (NotionSyncException e) {
            connections = List.of();
            unreadable = e.getMessage();
        }
        List<SyncRequests.ConnectionStatus> statuses;
        try {
            statuses = requests.connections(user);
        } catch (NotionSyncException e) {
            statuses = List.of();
        }
        databases(b, user, engine, connections, statuses, unreadable, now);
        activity(b);
        search(b, user, q);
        runs(b, engine.repository().recentRuns(user, ROWS));
        errors(b, engine.repository().recentErrors(user, ROWS));
        connections(b, statuses);
        return b.append("</main>").toString();
    }

    private void databases(StringBuilder b, String user, NotionSync engine, List<SyncConnection> connections,
            List<SyncRequests.ConnectionStatus> statuses, String unreadable, Instant now) {
        b.append("<section aria-labelledby=databases-title><h2 id=databases-title>Databases</h2>");
        if (unreadable != null) {
            b.append("<p class=bad>The connections of this user cannot be read: ").append(esc(unreadable))
                    .append("</p>");
        }
        // By database and kind: a database whose kind was changed has rows in two tables.
        Map<String, MirroredDatabase> counts = new HashMap<>();
        queries.mirroredDatabases(user).forEach(m -> counts.put(m.databaseId().value() + "/" + m.kind(), m));
        Map<String, SyncRequests.ConnectionStatus> byName = new HashMap<>();
        statuses.forEach(s -> byName.putIfAbsent(s.name(), s));
        boolean any = connections.stream().anyMatch(c -> !c.databases().isEmpty());
        if (!any) {
            b.append("<p>No databases are configured for this user.</p></section>");
            return;
        }
        b.append("<div class=toolbar><span id=all-label>All databases:</span> ")
                .append(button("Sync now", null, false, "all-label"))
                .append(button("Full pass", null, true, "all-label"))
                .append("</div><p id=live role=status aria-live=polite class=live></p>")
                .append("<noscript><p>Live progress and the sync buttons need JavaScript; this page shows the state"
                        + " when it was loaded.</p></noscript>")
                .append("<div class=scroll><table id=databases><caption class=vh>Mirrored databases</caption><thead>")
                .append("<tr><th scope=col>Database</th><th scope=col>Connection</th><th scope=col>Kind</th>")
                .append("<th scope=col class=n>Pages</th><th scope=col class=n>Deleted</th><th scope=col>Last run</th>")
                .append("<th scope=col>Next due run</th><th scope=col>Outcome</th><th scope=col>Lag</th>")
                .append("<th scope=col>Now</th><th scope=col>Actions</th></tr></thead><tbody>");
        int row = 0;
        for (SyncConnection c : connections) {
            SyncRequests.ConnectionStatus status = byName.get(c.name());
            for (DatabaseConfig db : c.databases()) {
                row++;
                String label = "db-" + row;
                MirroredDatabase m = counts.get(db.id().value() + "/" + db.kind());
                Optional<SyncState> state = engine.repository().syncState(user, db.id());
                String outcome = state.map(SyncState::lastOutcome).map(Enum::name).orElse(null);
                Instant lastRun = state.map(SyncState::lastRunAt).orElse(null);
                b.append("<tr data-database-id=\"").append(esc(db.id().value())).append("\"><th scope=row id=")
                        .append(label).append('>').append(esc(db.name())).append("<br><small>")
                        .append(esc(db.id().value())).append("</small></th><td>").append(esc(c.name()))
                        .append("</td><td>").append(esc(db.kind().name())).append("</td><td class=n data-field=pages>")
                        .append(m == null ? 0 : m.livePages()).append("</td><td class=n data-field=deleted>")
                        .append(m == null ? 0 : m.deletedPages()).append("</td><td data-field=last-run>")
                        .append(time(lastRun)).append("</td><td>")
                        .append(status == null || status.nextDue() == null ? "not scheduled" : time(status.nextDue()))
                        .append("</td><td data-field=outcome").append(outcomeClass(outcome)).append('>')
                        .append(outcome == null ? "never synced" : esc(outcome)).append("</td><td data-field=lag")
                        .append(lastRun == null ? ">" : " data-since=\"" + lastRun + "\">")
                        .append(lastRun == null ? "&ndash;" : esc(age(Duration.between(lastRun, now))))
                        .append("</td><td data-field=progress>")
                        .append(status != null && status.runningOn() != null ? "running" : "")
                        .append("</td><td class=actions>").append(button("Sync now", db.id(), false, label))
                        .append(button("Full pass", db.id(), true, label)).append("</td></tr>");
            }
        }
        b.append("</tbody></table></div>");
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
        b.append("</section>");
    }

    /** A sync button: its visible label, and the database (or all) it syncs by {@code aria-describedby}. */
    private static String button(String text, NotionId database, boolean fullPass, String describedBy) {
        return "<button type=button class=sync" + (database == null ? "" : " data-database-id=\""
                + esc(database.value()) + "\"") + " data-full-pass=" + fullPass + " aria-describedby=" + describedBy
                + ">" + text + "</button> ";
    }

    private static void activity(StringBuilder b) {
        b.append("<section aria-labelledby=activity-title><h2 id=activity-title>Activity</h2>")
                .append("<div class=toolbar role=group aria-label=\"Time window\">")
                .append("<button type=button class=window data-window=24h aria-pressed=true>Last 24 hours</button> ")
                .append("<button type=button class=window data-window=7d aria-pressed=false>Last 7 days</button>")
                .append("</div><noscript><p>The charts need JavaScript; the tables below list the recent runs and"
                        + " errors.</p></noscript><div class=charts>");
        for (String[] chart : new String[][] {{"pages", "Pages synced (read and changed)"}, {"requests",
            "Requests to Notion"}, {"durations", "Run durations (mean and longest, seconds)"}, {"errors", "Errors"}}) {
            b.append("<figure><figcaption id=chart-").append(chart[0]).append("-title>").append(chart[1])
                    .append("</figcaption><div class=chart id=chart-").append(chart[0])
                    .append(" role=img aria-labelledby=chart-").append(chart[0]).append("-title></div></figure>");
        }
        b.append("</div></section>");
    }

    private void search(StringBuilder b, String user, String q) {
        String query = q == null ? "" : q.strip();
        if (query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY);
        }
        b.append("<section aria-labelledby=search-title><h2 id=search-title>Search</h2>")
                .append("<form id=search role=search method=get><label for=q>Search the mirror</label> ")
                .append("<input id=q name=q type=search maxlength=").append(MAX_QUERY).append(" value=\"")
                .append(esc(query)).append("\"> <button type=submit>Search</button></form>")
                .append("<div id=results aria-live=polite>");
        if (!query.isEmpty()) {
            List<SearchHit> hits = queries.search(user, query, ROWS);
            if (hits.isEmpty()) {
                b.append("<p>Nothing found for &ldquo;").append(esc(query)).append("&rdquo;.</p>");
            } else {
                b.append("<ol class=hits>");
                for (SearchHit h : hits) {
                    b.append("<li>").append(link(h.url(), h.title() == null || h.title().isBlank() ? "(untitled)"
                            : h.title())).append(" <small>").append(esc(h.kind())).append("</small>");
                    if (h.snippet() != null) {
                        b.append("<br>").append(esc(h.snippet()));
                    }
                    b.append("</li>");
                }
                b.append("</ol>");
            }
        }
        b.append("</div></section>");
    }

    private static void runs(StringBuilder b, List<SyncRunRecord> runs) {
        b.append("<section aria-labelledby=runs-title><h2 id=runs-title>Recent runs</h2>");
        if (runs.isEmpty()) {
            b.append("<p>No runs yet.</p></section>");
            return;
        }
        b.append("<div class=scroll><table id=runs><thead><tr><th scope=col>Started</th><th scope=col>Database</th>"
                + "<th scope=col>Pass</th><th scope=col>Outcome</th><th scope=col class=n>Seen</th>"
                + "<th scope=col class=n>New</th><th scope=col class=n>Changed</th><th scope=col class=n>Unchanged</th>"
                + "<th scope=col class=n>Deleted</th><th scope=col class=n>Failed</th>"
                + "<th scope=col class=n>Requests</th><th scope=col class=n>Retries</th>"
                + "<th scope=col class=n>Duration</th></tr></thead><tbody>");
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
        b.append("</tbody></table></div></section>");
    }

    private static void errors(StringBuilder b, List<SyncErrorRecord> errors) {
        b.append("<section aria-labelledby=errors-title><h2 id=errors-title>Recent errors</h2>");
        if (errors.isEmpty()) {
            b.append("<p>None.</p></section>");
            return;
        }
        b.append("<div class=scroll><table id=errors><thead><tr><th scope=col>When</th><th scope=col>Database</th>"
                + "<th scope=col>Page</th><th scope=col>Type</th><th scope=col>Message</th></tr></thead><tbody>");
        for (SyncErrorRecord e : errors) {
            b.append("<tr><td>").append(time(e.occurredAt())).append("</td><td>")
                    .append(e.databaseId() == null ? "" : link(notionUrl(e.databaseId()), e.databaseId().value()))
                    .append("</td><td>")
                    .append(e.pageId() == null ? "" : link(notionUrl(e.pageId()), e.pageId().value()))
                    .append("</td><td>").append(esc(e.errorType())).append("</td><td>").append(esc(e.message()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></div></section>");
    }

    private static void connections(StringBuilder b, List<SyncRequests.ConnectionStatus> connections) {
        b.append("<section aria-labelledby=connections-title><h2 id=connections-title>Connections</h2>");
        if (connections.isEmpty()) {
            b.append("<p>No connections.</p></section>");
            return;
        }
        b.append("<table id=connections><thead><tr><th scope=col>Connection</th><th scope=col>Next sync due</th>"
                + "<th scope=col>Running on</th><th scope=col>Last outcome</th></tr></thead><tbody>");
        for (SyncRequests.ConnectionStatus c : connections) {
            b.append("<tr><td>").append(esc(c.name())).append("</td><td>")
                    .append(c.nextDue() == null ? "not scheduled" : time(c.nextDue())).append("</td><td>")
                    .append(c.runningOn() == null ? "" : esc(c.runningOn())).append("</td><td")
                    .append(outcomeClass(c.lastOutcome())).append('>')
                    .append(c.lastOutcome() == null ? "never synced" : esc(c.lastOutcome())).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    /** The page in Notion: its id without dashes after notion.so, which Notion resolves for members. */
    static String notionUrl(NotionId id) {
        return NOTION_PAGE + id.value().replace("-", "");
    }

    /** A link to an http(s) URL, or the text alone for any other. */
    private static String link(String url, String text) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            return esc(text);
        }
        return "<a href=\"" + esc(url) + "\" rel=\"noopener noreferrer\">" + esc(text) + "</a>";
    }

    /** How long ago, roughly: seconds, minutes, hours or days. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3_600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3_600 + " h " + (s % 3_600) / 60 + " min";
        }
        return s / 86_400 + " d " + (s % 86_400) / 3_600 + " h";
    }

    private static String outcomeClass(String outcome) {
        if (outcome == null) {
            return "";
        }
        return outcome.equals("SUCCESS") ? " class=ok" : outcome.equals("FAILED") ? " class=bad" : " class=warn";
    }

    private static String time(Instant t) {
        return t == null ? "&ndash;" : "<time datetime=\"" + t + "\">" + esc(TIME.format(t)) + "</time>";
    }

    /**
     * The page around {@code body}: the stylesheets and scripts from {@code <base>/assets/}, and
     * where the REST endpoints are, for the script.
     */
    private static String document(String base, String contextPath, String body) {
        String assets = esc(base) + "/assets/";
        return "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>notion-sync</title>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\"><link rel=icon href=\"data:,\">"
                + "<link rel=stylesheet href=\"" + assets + "uPlot.min.css\">"
                + "<link rel=stylesheet href=\"" + assets + "dashboard.css\">"
                + "<script defer src=\"" + assets + "uPlot.iife.min.js\"></script>"
                + "<script defer src=\"" + assets + "dashboard.js\"></script>"
                + "</head><body data-api=\"" + esc(contextPath + NotionSyncRequestFilter.API) + "\">"
                + "<a class=skip href=\"#databases-title\">Skip to the databases</a>" + body + "</body></html>";
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    /** Where the uPlot WebJar on the class path keeps {@code file}, by the version its Maven metadata names. */
    private static String webjar(String file) {
        String version = "unknown";
        try (InputStream in = NotionSyncDashboard.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        } catch (IOException e) {
            // Served as missing (404), like a WebJar not on the class path.
        }
        return "META-INF/resources/webjars/uplot/" + version + "/" + file;
    }
}
