package io.github.notionsync.testkit.postgres;

import java.util.List;

/**
 * Thrown when tests need PostgreSQL and none could be found or started. The message lists what
 * was tried and how to provide a server.
 */
public final class NoPostgresServerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> attempts;

    NoPostgresServerException(String summary, List<String> attempts) {
        super(summary + describe(attempts) + """

                Provide one of:
                  - NOTION_SYNC_TEST_JDBC_URL=jdbc:postgresql://HOST:5432/postgres?user=ROLE&password=SECRET
                    (ROLE must be allowed to CREATE DATABASE; PostgreSQL 13 or newer);
                  - a PostgreSQL server on localhost:5432 (role from PGUSER, default postgres);
                  - a running Docker engine (Testcontainers starts %s);
                  - nothing at all on Linux x86_64 or macOS: the embedded PostgreSQL needs only
                    its binaries from Maven Central and, when run as root, `unshare` (util-linux).
                """.formatted(PostgresServers.CONTAINER_IMAGE));
        this.attempts = List.copyOf(attempts);
    }

    /** One line per way tried, saying why it did not work. */
    public List<String> attempts() {
        return attempts;
    }

    private static String describe(List<String> attempts) {
        if (attempts.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\nTried:");
        attempts.forEach(a -> b.append("\n  - ").append(a));
        return b.toString();
    }
}
