package io.github.notionsync.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the demo uses when the user configured none: the server on localhost:5432 when
 * one answers (database {@value #DATABASE}, created if missing), else an embedded PostgreSQL whose
 * data lives under the user's home, so that it survives restarts.
 *
 * @param jdbcUrl JDBC URL of the demo database
 * @param user the role to connect as
 * @param description where the database is, for the console
 */
public record DemoPostgres(String jdbcUrl, String user, String description) {

    /** The demo database's name. */
    public static final String DATABASE = "notion_sync_demo";
    /** Port of the embedded server, chosen to stay clear of a real one on 5432. */
    public static final int EMBEDDED_PORT = 54329;

    private static final Logger log = LoggerFactory.getLogger(DemoPostgres.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public DemoPostgres {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
    }

    /**
     * Finds or starts the demo database.
     *
     * @throws IllegalStateException with what to do, when neither a local nor an embedded server works
     */
    public static DemoPostgres resolve() {
        try {
            return onServer("jdbc:postgresql://localhost:5432/", "postgres", DATABASE, "local PostgreSQL on localhost:5432");
        } catch (SQLException e) {
            log.info("No usable PostgreSQL on localhost:5432 ({}); starting an embedded one", e.getMessage());
        }
        Path dataDir = Path.of(System.getProperty("user.home"), ".notion-sync", "demo-postgres");
        try {
            EmbeddedPostgres pg = startEmbedded(dataDir, EMBEDDED_PORT);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the next start recovers the data directory
                }
            }, "demo-postgres-stop"));
            return onEmbedded(pg, dataDir);
        } catch (IOException | SQLException | RuntimeException e) {
            throw new IllegalStateException("""
                    The demo needs PostgreSQL and found none: nothing usable on localhost:5432, and the \
                    embedded PostgreSQL did not start (%s). Start a PostgreSQL 14+ server on localhost:5432 \
                    whose role 'postgres' may create databases, or set SPRING_DATASOURCE_URL to one."""
                    .formatted(e.getMessage()), e);
        }
    }

    /**
     * Starts an embedded PostgreSQL whose data lives in {@code dataDir}: created on the first
     * start, reused (not wiped) on the next ones.
     */
    static EmbeddedPostgres startEmbedded(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** The demo database on a started embedded server, created unless it exists. */
    static DemoPostgres onEmbedded(EmbeddedPostgres pg, Path dataDir) throws SQLException {
        return onServer("jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres", DATABASE,
                "embedded PostgreSQL on localhost:" + pg.getPort() + ", data in " + dataDir);
    }

    /**
     * Connects to the server at {@code serverUrl} (ending in '/') and creates {@code database}
     * unless it exists.
     */
    static DemoPostgres onServer(String serverUrl, String user, String database, String where) throws SQLException {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", props)) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + database);
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // created meanwhile by another start
                        throw e;
                    }
                }
                log.info("Created database {} on {}", database, where);
            }
        }
        return new DemoPostgres(serverUrl + database, user, "database " + database + " on " + where);
    }
}
