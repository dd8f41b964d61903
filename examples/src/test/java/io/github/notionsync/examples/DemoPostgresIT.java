package io.github.notionsync.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.testkit.postgres.PostgresServer;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPostgresIT {

    @Test
    void createsTheDemoDatabaseOnceAndReusesIt() throws Exception {
        PostgresServer server = PostgresServers.shared();
        String serverUrl = server.adminJdbcUrl().replaceFirst("/postgres.*$", "/");
        String name = "nst_demo_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        try {
            DemoPostgres first = DemoPostgres.onServer(serverUrl, server.user(), name, "test server");
            DemoPostgres second = DemoPostgres.onServer(serverUrl, server.user(), name, "test server");

            assertThat(second).isEqualTo(first);
            assertThat(first.jdbcUrl()).endsWith("/" + name);
            assertThat(first.description()).contains(name);
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.user(), null)) {
                assertThat(c.getCatalog()).isEqualTo(name);
            }
        } finally {
            try (Connection c = server.openAdminConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void theEmbeddedServerKeepsItsDataAcrossRestarts(@TempDir Path home) throws Exception {
        Path dataDir = home.resolve(".notion-sync").resolve("demo-postgres");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DemoPostgres first;
        try (EmbeddedPostgres pg = DemoPostgres.startEmbedded(dataDir, port)) {
            first = DemoPostgres.onEmbedded(pg, dataDir);
            assertThat(first.description()).contains("embedded PostgreSQL").contains(dataDir.toString());
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.user(), null);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (EmbeddedPostgres pg = DemoPostgres.startEmbedded(dataDir, port)) {
            DemoPostgres again = DemoPostgres.onEmbedded(pg, dataDir);
            assertThat(again.jdbcUrl()).isEqualTo(first.jdbcUrl());
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(), again.user(), null);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void rejectsANameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> DemoPostgres.onServer("jdbc:postgresql://localhost:5432/", "postgres",
                "demo; DROP DATABASE postgres", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
