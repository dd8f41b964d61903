package io.github.notionsync.examples.app;

import io.github.notionsync.InvalidNotionIdException;
import io.github.notionsync.NotionId;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo application syncs, read from the environment. Without {@code NOTION_TOKEN} it
 * syncs the emulator's demo workspace as user {@code user-id}; with it, the real workspace's
 * databases named in {@code NOTION_DATABASES}.
 *
 * <ul>
 *   <li>{@code NOTION_TOKEN}: the integration's secret; switches to a real workspace.</li>
 *   <li>{@code NOTION_DATABASES}: comma-separated {@code kind:id} or {@code name=kind:id}, where
 *       kind is characters, worlds, stories, chat_sessions or pages and id a database id or URL.</li>
 *   <li>{@code NOTION_SYNC_USER_ID}: the user the rows belong to (default {@code user-id}); also the
 *       HTTP Basic user name in real-workspace mode.</li>
 *   <li>{@code NOTION_SYNC_PASSWORD}: the HTTP Basic password in real-workspace mode (default: a
 *       random one, printed at start-up).</li>
 *   <li>{@code NOTION_API_BASE_URL}: another Notion API address (a proxy, or an emulator).</li>
 *   <li>{@code SPRING_DATASOURCE_URL} (and {@code _USERNAME}, {@code _PASSWORD}): the PostgreSQL
 *       to use instead of the demo database.</li>
 * </ul>
 *
 * @param token the Notion token, or {@code null} for the emulated demo workspace
 * @param databases the databases of a real workspace (empty for the demo)
 * @param userId the user every row belongs to
 * @param password HTTP Basic password in real-workspace mode, or {@code null} for a random one
 * @param baseUrl the Notion API address, or {@code null} for Notion's own
 * @param jdbcUrl the configured JDBC URL, or {@code null} for the demo database
 */
record DemoSettings(String token, List<RealDatabase> databases, String userId, String password, URI baseUrl,
        String jdbcUrl) {

    /** A database of a real workspace. */
    record RealDatabase(String name, TargetKind kind, NotionId id) {
    }

    /** The demo's user, as the seed's SQL names it. */
    static final String DEFAULT_USER = "user-id";

    /** True when syncing the emulator's demo workspace. */
    boolean emulated() {
        return token == null;
    }

    /**
     * Reads the settings.
     *
     * @throws DemoSetupException naming the variable at fault
     */
    static DemoSettings fromEnvironment(Map<String, String> env) {
        String token = blankToNull(env.get("NOTION_TOKEN"));
        String userId = blankToNull(env.get("NOTION_SYNC_USER_ID"));
        if (userId == null) {
            userId = DEFAULT_USER;
        }
        try {
            SyncConnection.requireValidUserId(userId);
        } catch (IllegalArgumentException e) {
            throw new DemoSetupException("NOTION_SYNC_USER_ID: " + e.getMessage());
        }
        URI baseUrl = null;
        String base = blankToNull(env.get("NOTION_API_BASE_URL"));
        if (base != null) {
            try {
                baseUrl = URI.create(base);
            } catch (IllegalArgumentException e) {
                throw new DemoSetupException("NOTION_API_BASE_URL is not a URL: " + e.getMessage());
            }
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new DemoSetupException("NOTION_API_BASE_URL must be an absolute http(s) URL, got " + base);
            }
        }
        String list = blankToNull(env.get("NOTION_DATABASES"));
        List<RealDatabase> databases = new ArrayList<>();
        if (token == null) {
            if (list != null) {
                throw new DemoSetupException("NOTION_DATABASES is set but NOTION_TOKEN is not: set both to sync a"
                        + " real workspace, or neither for the demo workspace");
            }
        } else {
            if (list == null) {
                throw new DemoSetupException("NOTION_TOKEN is set but NOTION_DATABASES is not: list the databases"
                        + " shared with the integration, e.g. NOTION_DATABASES=characters:<database-id>,"
                        + "worlds:<database-id>");
            }
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    databases.add(database(entry.trim()));
                }
            }
        }
        return new DemoSettings(token, List.copyOf(databases), userId, blankToNull(env.get("NOTION_SYNC_PASSWORD")),
                baseUrl, blankToNull(env.get("SPRING_DATASOURCE_URL")));
    }

    private static RealDatabase database(String entry) {
        String name = null;
        String rest = entry;
        int eq = entry.indexOf('=');
        int colon0 = entry.indexOf(':');
        if (eq >= 0 && (colon0 < 0 || eq < colon0)) { // a URL's ?v= is not a name
            name = entry.substring(0, eq).trim();
            rest = entry.substring(eq + 1).trim();
        }
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new DemoSetupException("NOTION_DATABASES entry '" + entry + "' is not kind:id (kinds: "
                    + kinds() + ")");
        }
        TargetKind kind;
        try {
            kind = TargetKind.parse(rest.substring(0, colon).trim());
        } catch (IllegalArgumentException e) {
            throw new DemoSetupException("NOTION_DATABASES entry '" + entry + "': " + e.getMessage());
        }
        NotionId id;
        try {
            id = NotionId.parse(rest.substring(colon + 1).trim());
        } catch (InvalidNotionIdException e) {
            throw new DemoSetupException("NOTION_DATABASES entry '" + entry + "': " + e.getMessage());
        }
        if (name == null || name.isEmpty()) {
            String k = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            name = Character.toUpperCase(k.charAt(0)) + k.substring(1);
        }
        return new RealDatabase(name, kind, id);
    }

    private static String kinds() {
        List<String> out = new ArrayList<>();
        for (TargetKind k : TargetKind.values()) {
            out.add(k.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", out);
    }

    /** The {@code notion.sync.*} properties of a real-workspace connection. */
    Map<String, Object> connectionProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        String c = "notion.sync.connections[0].";
        p.put(c + "user-id", userId);
        p.put(c + "token", token);
        for (int i = 0; i < databases.size(); i++) {
            RealDatabase d = databases.get(i);
            p.put(c + "databases[" + i + "].id", d.id().value());
            p.put(c + "databases[" + i + "].name", d.name());
            p.put(c + "databases[" + i + "].kind", d.kind().name());
        }
        if (baseUrl != null) {
            p.put("notion.sync.base-url", baseUrl.toString());
        }
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        // never the token or the password
        return "DemoSettings[" + (emulated() ? "demo workspace" : databases.size() + " databases") + ", user "
                + userId + "]";
    }
}
