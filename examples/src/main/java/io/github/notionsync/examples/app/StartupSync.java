package io.github.notionsync.examples.app;

import io.github.notionsync.NotionSync;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.SyncReport;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;

/**
 * Runs the first sync once the application is up, with progress on the console, then prints
 * where the demo serves and what to try next. A failed first sync is reported and the application
 * keeps running: the scheduled sync and the endpoint try again.
 */
final class StartupSync implements ApplicationRunner {

    private final NotionSync sync;
    private final ConsoleProgress progress;
    private final DemoConsole console;
    private final DemoInfo info;
    private final Environment environment;

    StartupSync(NotionSync sync, ConsoleProgress progress, DemoConsole console, DemoInfo info,
            Environment environment) {
        this.sync = sync;
        this.progress = progress;
        this.console = console;
        this.info = info;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        int databases = sync.connections().stream().mapToInt(c -> c.databases().size()).sum();
        String user = info.settings().userId();
        console.line("");
        console.line(String.format(Locale.ROOT, "notion-sync demo: syncing %d databases of user '%s' from %s into %s",
                databases, user, info.settings().emulated() ? "the emulated demo workspace" : "Notion",
                info.database()));
        console.line(security());
        progress.runStarting(databases);
        try {
            // The emulated workspace is loaded afresh at every start, so pages edited, added or trashed
            // in an earlier session are back as they were: only a full pass brings a kept mirror in line.
            SyncReport r = sync.syncAll(info.settings().emulated());
            console.line(String.format(Locale.ROOT,
                    "First sync %s in %.1f s: %d pages, %d new, %d changed, %d unchanged, %d deleted, %d failed,"
                            + " %d requests to Notion", r.outcome(), r.duration().toMillis() / 1000.0, r.pagesSeen(),
                    r.inserted(), r.updated(), r.unchanged(), r.deleted(), r.failed(), r.requests()));
        } catch (NotionSyncException e) {
            console.line("First sync failed: " + e.getMessage() + ". The scheduled sync will try again; see the log.");
        } finally {
            progress.runFinished();
        }
        console.lines(nextSteps());
    }

    /** What to try next, with this run's port, database and mode. */
    String nextSteps() {
        String base = "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", String.valueOf(DemoApplication.DEFAULT_PORT)));
        String user = info.settings().userId();
        String json = "-H \"Content-Type: application/json\"";
        String auth = info.settings().emulated() ? "" : "-u '" + user + ":<password>' ";
        StringBuilder s = new StringBuilder();
        s.append('\n').append("notion-sync demo is serving on ").append(base).append('\n');
        s.append(security()).append('\n');
        s.append("  dashboard: ").append(base).append(environment.getProperty("notion.sync.dashboard.path",
                "/notion-sync")).append(" (sync status, runs and errors)\n");
        s.append('\n').append("Try the seed's commands:\n");
        s.append("  curl -X POST ").append(auth).append(base).append("/api/notion/sync-to-postgres ").append(json)
                .append(" -d '{}'\n");
        s.append("  curl ").append(auth).append(base).append("/api/notion/characters/Aragorn\n");
        s.append("  curl ").append(auth).append("'").append(base).append("/api/notion/search?q=magic%20system'\n");
        // the demo carries notion-sync-embeddings: semantic search is on unless switched off
        if (environment.getProperty("notion.sync.embeddings.enabled", Boolean.class, true)) {
            s.append("  curl ").append(auth).append("'").append(base)
                    .append("/api/notion/search?mode=hybrid&q=how%20does%20magic%20cost%20work'   # by meaning\n");
        }
        s.append("  curl ").append(auth).append(base).append("/api/notion/sync/status\n");
        s.append("  ").append(psql()).append(" -c \"SELECT * FROM get_notion_character('").append(user)
                .append("', 'Aragorn');\"\n");
        s.append("  ").append(psql()).append(" -c \"SELECT * FROM search_notion_content('").append(user)
                .append("', 'magic system');\"\n");
        if (info.settings().emulated()) {
            s.append('\n').append("Edit the demo workspace as a writer would in Notion, then sync again:\n");
            s.append("  curl -X POST ").append(base).append("/demo/notion/characters ").append(json)
                    .append(" -d '{\"title\": \"Galadriel\", \"text\": \"Lady of Lothlorien\"}'\n");
            s.append("  curl -X PATCH ").append(base).append("/demo/notion/characters/Aragorn ").append(json)
                    .append(" -d '{\"text\": \"Crowned King Elessar of Gondor\"}'\n");
            s.append("  curl -X DELETE ").append(base).append("/demo/notion/worlds/Ravenhollow\n");
            s.append("  curl -X POST ").append(base).append("/api/notion/sync-to-postgres ").append(json)
                    .append(" -d '{}'                    # picks up new and changed pages\n");
            s.append("  curl -X POST ").append(base).append("/api/notion/sync-to-postgres ").append(json)
                    .append(" -d '{\"full_pass\": true}'   # also marks trashed pages deleted\n");
            s.append("  curl ").append(base).append("/demo/notion                # the workspace as it is now\n");
            s.append('\n').append("Write back to Notion, through SQL or REST, and see it in the demo workspace:\n");
            s.append("  ").append(psql()).append(" -c \"SELECT notion_update_page('").append(user)
                    .append("', notion_page_id::text, '{\\\"role\\\": \\\"Mentor\\\"}') FROM notion_characters_sync")
                    .append(" WHERE name = 'Aragorn';\"\n");
            s.append("  ARAGORN=$(").append(psql()).append(" -Atc \"SELECT notion_page_id FROM notion_characters_sync")
                    .append(" WHERE name = 'Aragorn'\")\n");
            s.append("  curl -X PATCH ").append(base).append("/api/notion/pages/$ARAGORN ").append(json)
                    .append(" -d '{\"properties\": {\"role\": \"Protagonist\"}}'\n");
            s.append("  curl ").append(base).append("/api/notion/changes/2          # pending, applied, conflict or failed\n");
            s.append("  curl ").append(base).append("/demo/notion/characters/Aragorn   # as Notion serves it now\n");
        }
        s.append('\n').append("Stop with Ctrl+C; the data stays in PostgreSQL for the next start.");
        return s.toString();
    }

    /** Who requests act as, and in real-workspace mode the password. */
    private String security() {
        String user = info.settings().userId();
        if (info.settings().emulated()) {
            return "  security: LOCAL mode on 127.0.0.1 only, every request acts as user '" + user + "'";
        }
        return "  security: HTTP Basic as user '" + user + "'" + (info.passwordGenerated()
                ? " with the generated password " + info.password() + " (set NOTION_SYNC_PASSWORD to choose one)"
                : " with the password in NOTION_SYNC_PASSWORD");
    }

    /** A psql command line for the application's database. */
    private String psql() {
        String url = environment.getProperty("spring.datasource.url", "");
        String user = environment.getProperty("spring.datasource.username", "postgres");
        if (url.startsWith("jdbc:postgresql://")) {
            try {
                URI u = URI.create(url.substring("jdbc:".length()));
                String db = u.getPath() == null || u.getPath().length() < 2 ? "postgres" : u.getPath().substring(1);
                return "psql -h " + u.getHost() + " -p " + (u.getPort() < 0 ? 5432 : u.getPort()) + " -U " + user
                        + " " + db;
            } catch (IllegalArgumentException e) {
                // fall through to the generic form
            }
        }
        return "psql <your database>";
    }
}
