package io.github.notionsync.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.testkit.postgres.PostgresServer;
import io.github.notionsync.testkit.postgres.PostgresServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

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
    void rejectsANameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> DemoPostgres.onServer("jdbc:postgresql://localhost:5432/", "postgres",
                "demo; DROP DATABASE postgres", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
