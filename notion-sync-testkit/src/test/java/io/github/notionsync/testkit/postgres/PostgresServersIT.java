package io.github.notionsync.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Each path this machine offers: a JDBC URL, localhost:5432, and the embedded server. */
class PostgresServersIT {

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    @Test
    void jdbcUrlFromTheEnvironmentComesFirst() throws Exception {
        PostgresServer server = PostgresServers.discover(Map.of(PostgresServers.JDBC_URL_VARIABLE, LOCAL_URL)::get);

        assertThat(server.source()).isEqualTo(PostgresServer.Source.JDBC_URL);
        assertThat(server.user()).isEqualTo("postgres");
        assertUsable(server);
    }

    @Test
    void localhostIsFoundWithoutConfiguration() throws Exception {
        PostgresServer server = PostgresServers.discover(Map.<String, String>of()::get);

        assertThat(server.source()).isEqualTo(PostgresServer.Source.LOCALHOST);
        assertUsable(server);
    }

    @Test
    void embeddedServerStartsEvenAsRoot() throws Exception {
        PostgresServer server = PostgresServers.discover(
                Map.of(PostgresServers.SOURCE_VARIABLE, "embedded")::get);

        assertThat(server.source()).isEqualTo(PostgresServer.Source.EMBEDDED);
        assertThat(server.serverVersionNumber()).isGreaterThanOrEqualTo(150000);
        assertUsable(server);
        assertThat(PostgresServers.embedded()).as("started once per JVM").isSameAs(server);
    }

    @Test
    void failureSaysWhatWasTriedAndHowToProvideAServer() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        String deadUrl = "jdbc:postgresql://127.0.0.1:" + freePort + "/postgres?user=postgres&password=hunter2";

        assertThatThrownBy(() -> PostgresServers.discover(Map.of(
                PostgresServers.JDBC_URL_VARIABLE, deadUrl,
                PostgresServers.SOURCE_VARIABLE, "jdbc-url")::get))
                .isInstanceOfSatisfying(NoPostgresServerException.class, e -> {
                    assertThat(e.attempts()).singleElement().asString().startsWith("jdbc-url: cannot connect");
                    assertThat(e.getMessage())
                            .contains("NOTION_SYNC_TEST_JDBC_URL=jdbc:postgresql://")
                            .contains("localhost:5432")
                            .contains("Docker")
                            .contains("embedded");
                });
    }

    @Test
    void unknownPinnedSourceIsRejected() {
        assertThatThrownBy(() -> PostgresServers.discover(Map.of(PostgresServers.SOURCE_VARIABLE, "oracle")::get))
                .isInstanceOf(NoPostgresServerException.class)
                .hasMessageContaining("NOTION_SYNC_TEST_POSTGRES=oracle is not one of [jdbc-url, localhost, testcontainers, embedded]");
    }

    @Test
    void passwordIsNeverPrinted() {
        PostgresServer server = new PostgresServer(PostgresServer.Source.JDBC_URL,
                "jdbc:postgresql://localhost:5432/postgres", "ci", "hunter2");
        assertThat(server.toString()).doesNotContain("hunter2");
    }

    @Test
    void databaseUrlKeepsHostAndParameters() {
        PostgresServer server = new PostgresServer(PostgresServer.Source.JDBC_URL,
                "jdbc:postgresql://h1:5432,h2:5433/postgres?sslmode=disable&user=x", "x", null);
        assertThat(server.databaseUrl("abc")).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/abc?sslmode=disable&user=x");
    }

    @Test
    void parallelCreatesNeverCollide() throws Exception {
        PostgresServer server = PostgresServers.shared();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<TestDatabase>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(pool.submit(() -> server.createDatabase("nst_parallel")));
        }
        Set<String> names = new HashSet<>();
        List<TestDatabase> databases = new ArrayList<>();
        try {
            for (Future<TestDatabase> f : futures) {
                TestDatabase db = f.get();
                databases.add(db);
                names.add(db.name());
            }
            assertThat(names).hasSize(16);
        } finally {
            databases.forEach(TestDatabase::close);
            pool.shutdownNow();
        }
        assertThat(databaseExists(server, names.iterator().next())).isFalse();
    }

    /** A database is empty, isolated from another, and gone once closed. */
    private static void assertUsable(PostgresServer server) throws SQLException {
        String name;
        try (TestDatabase a = server.createDatabase("nst_usable"); TestDatabase b = server.createDatabase("nst_usable")) {
            name = a.name();
            assertThat(a.name()).isNotEqualTo(b.name()).startsWith("nst_usable_");
            try (Connection c = a.openConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE only_in_a (id int)");
                s.execute("INSERT INTO only_in_a VALUES (1)");
            }
            try (Connection c = b.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            // Dropping must work even while a connection is still open.
            Connection leaked = a.openConnection();
            assertThat(leaked.isValid(2)).isTrue();
        }
        assertThat(databaseExists(server, name)).isFalse();
    }

    private static boolean databaseExists(PostgresServer server, String name) throws SQLException {
        try (Connection c = server.openAdminConnection();
             var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
