package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncRepositoryException;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.NotionClient;
import io.github.notionsync.jooq.TokenEncryptionKeys.SealedToken;
import io.github.notionsync.spi.ConnectionSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Notion connections of apps whose users each connect their own workspace, kept in the
 * {@code notion_sync_connections} table with their tokens encrypted (see
 * {@link TokenEncryptionKeys}), and a {@link ConnectionSource} for the engine over that table.
 *
 * <pre>{@code
 * NotionSyncConnections connections = NotionSyncConnections.create(dataSource,
 *         TokenEncryptionKeys.of(System.getenv("NOTION_SYNC_TOKEN_KEY")));
 * NotionSync sync = NotionSync.builder().repository(repository).connections(connections).build();
 *
 * // when a user connects a workspace (after Notion's OAuth flow, say):
 * connections.add("user-42", "Writing", accessToken,
 *         List.of(DatabaseConfig.of("Characters", databaseId, TargetKind.CHARACTERS)));
 * sync.syncAll("user-42");   // sees the new connection
 * }</pre>
 *
 * <p>Tokens are plain text only where they cross this API: as arguments of {@link #add add} and
 * {@link #updateToken updateToken}, and inside each connection's client. Reading a connection
 * ({@link #list}, {@link #find}) never returns its token.
 *
 * <p>As a {@link ConnectionSource}, the engine asks it at every run; enabled rows become
 * connections. A connection's {@link HttpNotionClient} is kept while its row's token, key and
 * API version stay the same, so decrypting and building a client happen once per change, not per
 * run. A replaced client is not closed, since a running sync may still hold it; its idle threads
 * end on their own. {@link #close()} closes the clients it keeps. Thread-safe.
 */
public final class NotionSyncConnections implements ConnectionSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotionSyncConnections.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_NAME_LENGTH = 200;

    private static final Field<UUID> ID = field(name("connection_id"), SQLDataType.UUID);
    private static final Field<String> USER_ID = field(name("user_id"), SyncTables.TEXT);
    private static final Field<String> NAME = field(name("name"), SyncTables.TEXT);
    private static final Field<String> KEY_ID = field(name("token_key_id"), SyncTables.TEXT);
    private static final Field<byte[]> NONCE = field(name("token_nonce"), SQLDataType.BLOB);
    private static final Field<byte[]> CIPHERTEXT = field(name("token_ciphertext"), SQLDataType.BLOB);
    private static final Field<String> API_VERSION = field(name("api_version"), SyncTables.TEXT);
    private static final Field<JSONB> DATABASES = field(name("databases"), SQLDataType.JSONB);
    private static final Field<Boolean> ENABLED = field(name("enabled"), SQLDataType.BOOLEAN);
    private static final Field<Instant> CREATED_AT = field(name("created_at"), SQLDataType.INSTANT);
    private static final Field<Instant> UPDATED_AT = field(name("updated_at"), SQLDataType.INSTANT);
    private static final List<Field<?>> COLUMNS = List.of(ID, USER_ID, NAME, KEY_ID, NONCE, CIPHERTEXT, API_VERSION,
            DATABASES, ENABLED, CREATED_AT, UPDATED_AT);

    private final DSLContext dsl;
    private final Table<?> table;
    private final TokenEncryptionKeys keys;
    private final Consumer<HttpNotionClient.Builder> clientSettings;
    private final NotionApiVersion defaultApiVersion;
    private final Map<UUID, CachedClient> clients = new ConcurrentHashMap<>();

    private NotionSyncConnections(Builder b) {
        this.dsl = Jooq.dsl(b.dataSource);
        this.table = DSL.table(name(b.schema, "notion_sync_connections"));
        this.keys = b.keys;
        this.clientSettings = b.clientSettings;
        this.defaultApiVersion = b.defaultApiVersion;
    }

    /** Connections in the {@code public} schema, with clients of default settings. */
    public static NotionSyncConnections create(DataSource dataSource, TokenEncryptionKeys keys) {
        return builder(dataSource, keys).build();
    }

    /** A builder for connections in the table behind {@code dataSource}, encrypted with {@code keys}. */
    public static Builder builder(DataSource dataSource, TokenEncryptionKeys keys) {
        return new Builder(dataSource, keys);
    }

    // ------------------------------------------------------------------ managing connections

    /**
     * Adds a connection speaking the default API version; see
     * {@link #add(String, String, String, NotionApiVersion, List)}.
     */
    public NotionConnection add(String userId, String name, String token, List<DatabaseConfig> databases) {
        return add(userId, name, token, defaultApiVersion, databases);
    }

    /**
     * Adds a connection: its token is encrypted with the current key before it is stored.
     *
     * @param name unique among the user's connections, 1 to 200 characters
     * @param token the integration token (internal integration secret or OAuth access token)
     * @param databases the databases to mirror; none mirrored by another of the user's connections
     * @throws IllegalArgumentException on a blank name or token, a name the user already has, or a
     *     database listed twice or already mirrored by another of the user's connections
     */
    public NotionConnection add(String userId, String name, String token, NotionApiVersion apiVersion,
            List<DatabaseConfig> databases) {
        SyncConnection.requireValidUserId(userId);
        String label = requireName(name);
        requireToken(token);
        Objects.requireNonNull(apiVersion, "apiVersion");
        List<DatabaseConfig> dbs = List.copyOf(databases);
        UUID id = UUID.randomUUID();
        SealedToken sealed = keys.seal(id, userId, token);
        return call("add a Notion connection for user " + userId, () -> dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            lockUser(tx, userId);
            if (tx.fetchExists(table, USER_ID.eq(userId).and(NAME.eq(label)))) {
                throw new IllegalArgumentException("User " + userId + " already has a connection named '" + label
                        + "'");
            }
            requireDistinctDatabases(tx, userId, id, dbs);
            return connection(tx.insertInto(table)
                    .set(ID, id).set(USER_ID, userId).set(NAME, label)
                    .set(KEY_ID, sealed.keyId()).set(NONCE, sealed.nonce()).set(CIPHERTEXT, sealed.ciphertext())
                    .set(API_VERSION, apiVersion.header()).set(DATABASES, json(dbs)).set(ENABLED, true)
                    .returningResult(COLUMNS).fetchOne());
        }));
    }

    /**
     * Replaces a connection's token (a refreshed OAuth token, a rotated secret). The next run
     * uses a client with the new token.
     *
     * @return the connection, or empty if the user has no such connection
     */
    public Optional<NotionConnection> updateToken(String userId, UUID connectionId, String token) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(connectionId, "connectionId");
        requireToken(token);
        SealedToken sealed = keys.seal(connectionId, userId, token);
        return call("update the token of connection " + connectionId, () -> update(dsl, userId, connectionId,
                Map.of(KEY_ID, sealed.keyId(), NONCE, sealed.nonce(), CIPHERTEXT, sealed.ciphertext())));
    }

    /**
     * Replaces the databases a connection mirrors. Their mirrored rows stay; a database no longer
     * listed is simply not synced any more.
     *
     * @return the connection, or empty if the user has no such connection
     * @throws IllegalArgumentException if a database is listed twice or already mirrored by
     *     another of the user's connections
     */
    public Optional<NotionConnection> updateDatabases(String userId, UUID connectionId,
            List<DatabaseConfig> databases) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(connectionId, "connectionId");
        List<DatabaseConfig> dbs = List.copyOf(databases);
        return call("update the databases of connection " + connectionId, () -> dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            lockUser(tx, userId);
            if (!tx.fetchExists(table, USER_ID.eq(userId).and(ID.eq(connectionId)))) {
                return Optional.<NotionConnection>empty();
            }
            requireDistinctDatabases(tx, userId, connectionId, dbs);
            return update(tx, userId, connectionId, Map.of(DATABASES, json(dbs)));
        }));
    }

    /**
     * Switches a connection on or off; a disabled connection is kept but not synced.
     *
     * @return the connection, or empty if the user has no such connection
     */
    public Optional<NotionConnection> setEnabled(String userId, UUID connectionId, boolean enabled) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(connectionId, "connectionId");
        return call("switch connection " + connectionId + (enabled ? " on" : " off"),
                () -> update(dsl, userId, connectionId, Map.of(ENABLED, enabled)));
    }

    /**
     * Removes a connection and its encrypted token. Rows it mirrored stay until deleted.
     *
     * @return whether the user had such a connection
     */
    public boolean remove(String userId, UUID connectionId) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(connectionId, "connectionId");
        boolean removed = call("remove connection " + connectionId, () -> dsl.deleteFrom(table)
                .where(USER_ID.eq(userId)).and(ID.eq(connectionId)).execute()) > 0;
        if (removed) {
            clients.remove(connectionId);
        }
        return removed;
    }

    /** The user's connections, enabled or not, oldest first; without their tokens. */
    public List<NotionConnection> list(String userId) {
        SyncConnection.requireValidUserId(userId);
        return call("list the connections of user " + userId, () -> dsl.select(COLUMNS).from(table)
                .where(USER_ID.eq(userId)).orderBy(CREATED_AT, NAME).fetch(NotionSyncConnections::connection));
    }

    /** One of the user's connections, without its token. */
    public Optional<NotionConnection> find(String userId, UUID connectionId) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(connectionId, "connectionId");
        return call("read connection " + connectionId, () -> dsl.select(COLUMNS).from(table)
                .where(USER_ID.eq(userId)).and(ID.eq(connectionId)).fetchOptional(NotionSyncConnections::connection));
    }

    /**
     * Re-encrypts with the current key every token stored under a previous key, so the previous
     * key can then be dropped from the configuration. Rows that do not decrypt are left as they
     * are and logged.
     *
     * @return how many tokens were re-encrypted
     */
    public int reencryptTokens() {
        List<Record> stale = call("read tokens under previous keys", () -> dsl.select(COLUMNS).from(table)
                .where(KEY_ID.ne(keys.currentKeyId())).fetch());
        int done = 0;
        for (Record r : stale) {
            UUID id = r.get(ID);
            String userId = r.get(USER_ID);
            String token;
            try {
                token = keys.open(id, userId, sealed(r));
            } catch (TokenDecryptionException e) {
                log.warn("Not re-encrypted: {}", e.getMessage());
                continue;
            }
            SealedToken fresh = keys.seal(id, userId, token);
            done += call("re-encrypt the token of connection " + id, () -> dsl.update(table)
                    .set(KEY_ID, fresh.keyId()).set(NONCE, fresh.nonce()).set(CIPHERTEXT, fresh.ciphertext())
                    .where(USER_ID.eq(userId)).and(ID.eq(id)).and(NONCE.eq(r.get(NONCE))).execute());
        }
        log.info("Re-encrypted {} Notion tokens with key {}", done, keys.currentKeyId());
        return done;
    }

    // ------------------------------------------------------------------ the engine's source

    /**
     * Every enabled connection of every user. A row that cannot be read (its token does not
     * decrypt, its databases are malformed) is logged and left out, so that it does not stop
     * everyone else's sync.
     */
    @Override
    public List<SyncConnection> connections() {
        List<Record> rows = call("read the enabled Notion connections", () -> dsl.select(COLUMNS).from(table)
                .where(ENABLED).orderBy(USER_ID, CREATED_AT, NAME).fetch());
        List<SyncConnection> out = new ArrayList<>(rows.size());
        Set<UUID> seen = new HashSet<>();
        for (Record r : rows) {
            seen.add(r.get(ID));
            try {
                out.add(syncConnection(r));
            } catch (NotionSyncException e) {
                log.warn("Leaving out a Notion connection: {}", e.getMessage());
            }
        }
        clients.keySet().retainAll(seen);
        return out;
    }

    /**
     * The user's enabled connections. One that cannot be read is logged and left out, so that it
     * does not stop the user's other connections.
     *
     * @throws TokenDecryptionException if none of them can be used because one cannot be decrypted
     * @throws SyncRepositoryException if none of them can be used because one has malformed
     *     databases, or the table cannot be read
     */
    @Override
    public List<SyncConnection> connectionsOf(String userId) {
        SyncConnection.requireValidUserId(userId);
        List<Record> rows = call("read the Notion connections of user " + userId, () -> dsl.select(COLUMNS)
                .from(table).where(USER_ID.eq(userId)).orderBy(CREATED_AT, NAME).fetch());
        List<SyncConnection> out = new ArrayList<>(rows.size());
        NotionSyncException unreadable = null;
        for (Record r : rows) {
            if (Boolean.TRUE.equals(r.get(ENABLED))) {
                try {
                    out.add(syncConnection(r));
                } catch (NotionSyncException e) {
                    log.warn("Leaving out a Notion connection: {}", e.getMessage());
                    unreadable = unreadable == null ? e : unreadable;
                }
            } else {
                CachedClient stale = clients.get(r.get(ID));
                if (stale != null) {
                    clients.remove(r.get(ID), stale);
                }
            }
        }
        if (out.isEmpty() && unreadable != null) {
            throw unreadable;
        }
        return out;
    }

    /** Closes the clients this source keeps. */
    @Override
    public void close() {
        clients.values().forEach(c -> c.client().close());
        clients.clear();
    }

    @Override
    public String toString() {
        return "NotionSyncConnections[" + table + ", " + keys + "]";
    }

    // ------------------------------------------------------------------ internals

    private SyncConnection syncConnection(Record r) {
        UUID id = r.get(ID);
        String userId = r.get(USER_ID);
        List<DatabaseConfig> databases = databases(id, userId, r.get(DATABASES));
        NotionApiVersion version = apiVersion(id, userId, r.get(API_VERSION));
        SealedToken sealed = sealed(r);
        try {
            CachedClient cached = clients.compute(id, (k, old) -> old != null && old.matches(userId, sealed, version)
                    ? old : new CachedClient(userId, sealed, version, client(keys.open(id, userId, sealed), version)));
            // Named by its id, which stays when the connection is renamed: it keys its schedule and lock.
            return new SyncConnection(userId, id.toString(), cached.client(), databases);
        } catch (TokenDecryptionException e) {
            clients.remove(id);
            throw e;
        }
    }

    private NotionClient client(String token, NotionApiVersion version) {
        HttpNotionClient.Builder b = HttpNotionClient.builder();
        clientSettings.accept(b);
        return b.token(token).apiVersion(version).build();
    }

    private Optional<NotionConnection> update(DSLContext ctx, String userId, UUID connectionId,
            Map<Field<?>, Object> changes) {
        return ctx.update(table).set(changes).where(USER_ID.eq(userId)).and(ID.eq(connectionId))
                .returningResult(COLUMNS).fetchOptional().map(NotionSyncConnections::connection);
    }

    /** Serialises changes to one user's connections, so the duplicate checks below hold. */
    private static void lockUser(DSLContext tx, String userId) {
        tx.execute("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))",
                DSL.val("notion-sync connections:" + userId));
    }

    private void requireDistinctDatabases(DSLContext tx, String userId, UUID connectionId, List<DatabaseConfig> dbs) {
        Map<NotionId, String> taken = new LinkedHashMap<>();
        Condition others = USER_ID.eq(userId).and(ID.ne(connectionId));
        for (Record r : tx.select(ID, NAME, DATABASES).from(table).where(others).fetch()) {
            for (DatabaseConfig db : databases(r.get(ID), userId, r.get(DATABASES))) {
                taken.put(db.id(), r.get(NAME));
            }
        }
        Set<NotionId> listed = new HashSet<>();
        for (DatabaseConfig db : dbs) {
            if (!listed.add(db.id())) {
                throw new IllegalArgumentException("Database " + db.id() + " is listed twice");
            }
            if (taken.containsKey(db.id())) {
                throw new IllegalArgumentException("Database " + db.id() + " is already mirrored by connection '"
                        + taken.get(db.id()) + "' of user " + userId);
            }
        }
    }

    private static NotionConnection connection(Record r) {
        UUID id = r.get(ID);
        String userId = r.get(USER_ID);
        return new NotionConnection(id, userId, r.get(NAME), apiVersion(id, userId, r.get(API_VERSION)),
                databases(id, userId, r.get(DATABASES)), r.get(ENABLED), r.get(KEY_ID), r.get(CREATED_AT),
                r.get(UPDATED_AT));
    }

    private static SealedToken sealed(Record r) {
        return new SealedToken(r.get(KEY_ID), r.get(NONCE), r.get(CIPHERTEXT));
    }

    private static NotionApiVersion apiVersion(UUID id, String userId, String header) {
        try {
            return NotionApiVersion.fromHeader(header);
        } catch (IllegalArgumentException e) {
            throw new SyncRepositoryException("Connection " + id + " of user " + userId + " is unreadable: "
                    + e.getMessage(), e);
        }
    }

    static JSONB json(List<DatabaseConfig> databases) {
        ArrayNode out = MAPPER.createArrayNode();
        for (DatabaseConfig db : databases) {
            ObjectNode o = out.addObject();
            o.put("id", db.id().value());
            o.put("name", db.name());
            o.put("kind", db.kind().name());
            if (db.conflictPolicy() != io.github.notionsync.ConflictPolicy.FAIL) {
                o.put("conflict_policy", db.conflictPolicy().name());
            }
            ObjectNode properties = o.putObject("properties");
            db.mapping().overrides().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> properties.put(e.getKey(), e.getValue()));
        }
        return JSONB.valueOf(out.toString());
    }

    static List<DatabaseConfig> databases(UUID id, String userId, JSONB json) {
        try {
            JsonNode array = MAPPER.readTree(json.data());
            if (!array.isArray()) {
                throw new IllegalArgumentException("databases is not a JSON array");
            }
            List<DatabaseConfig> out = new ArrayList<>(array.size());
            for (JsonNode db : array) {
                Map<String, String> properties = new LinkedHashMap<>();
                db.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
                TargetKind kind = TargetKind.parse(db.path("kind").asText(null));
                out.add(new DatabaseConfig(NotionId.parse(db.path("id").asText(null)), db.path("name").asText(null),
                        new PropertyMapping(kind, properties), io.github.notionsync.ConflictPolicy.valueOf(
                                db.path("conflict_policy").asText("FAIL"))));
            }
            return out;
        } catch (JsonProcessingException | IllegalArgumentException | NotionSyncException e) {
            throw new SyncRepositoryException("Connection " + id + " of user " + userId + " has malformed databases: "
                    + e.getMessage(), e);
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A connection needs a name, e.g. the workspace's");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A connection name has at most " + MAX_NAME_LENGTH + " characters");
        }
        return stripped;
    }

    private static void requireToken(String token) {
        // The client's own check: not blank, no whitespace or control characters; never echoed.
        HttpNotionClient.builder().token(token);
    }

    /** A connection's client, kept while the row's token, key and version stay the same. */
    private record CachedClient(String userId, SealedToken sealed, NotionApiVersion version, NotionClient client) {

        boolean matches(String otherUser, SealedToken other, NotionApiVersion otherVersion) {
            return userId.equals(otherUser) && sealed.keyId().equals(other.keyId())
                    && Arrays.equals(sealed.nonce(), other.nonce())
                    && Arrays.equals(sealed.ciphertext(), other.ciphertext()) && version == otherVersion;
        }
    }

    /** Builds {@link NotionSyncConnections}. */
    public static final class Builder {

        private final DataSource dataSource;
        private final TokenEncryptionKeys keys;
        private String schema = NotionSyncMigrations.DEFAULT_SCHEMA;
        private Consumer<HttpNotionClient.Builder> clientSettings = b -> { };
        private NotionApiVersion defaultApiVersion = NotionApiVersion.DEFAULT;

        private Builder(DataSource dataSource, TokenEncryptionKeys keys) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The schema notion-sync was migrated into; default {@code public}. */
        public Builder schema(String schema) {
            this.schema = SchemaName.require(schema);
            return this;
        }

        /**
         * Settings for every connection's client (base URL, rate limit, retries, timeouts), applied
         * to its builder before the connection's token and API version.
         */
        public Builder clientSettings(Consumer<HttpNotionClient.Builder> settings) {
            this.clientSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The API version of connections added without one; default {@link NotionApiVersion#DEFAULT}. */
        public Builder defaultApiVersion(NotionApiVersion version) {
            this.defaultApiVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The connections. */
        public NotionSyncConnections build() {
            return new NotionSyncConnections(this);
        }
    }
}
