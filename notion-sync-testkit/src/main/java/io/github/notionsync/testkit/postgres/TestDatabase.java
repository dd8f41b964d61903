package io.github.notionsync.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on a {@link PostgresServer}, owned by one test class. Closing it drops the
 * database, ending any connection still open on it.
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private final String jdbcUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    TestDatabase(PostgresServer server, String name, String jdbcUrl) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    /** The server the database lives on. */
    public PostgresServer server() {
        return server;
    }

    /** The database name, unique per test class and run. */
    public String name() {
        return name;
    }

    /** JDBC URL of this database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The role to connect as. */
    public String user() {
        return server.user();
    }

    /** Its password, or {@code null} for none. */
    public String password() {
        return server.password();
    }

    /** A non-pooling {@link DataSource} for this database. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(server.user());
        if (server.password() != null) {
            ds.setPassword(server.password());
        }
        return ds;
    }

    /** Opens a new connection to this database. */
    public Connection openConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, server.credentials());
    }

    /** Drops the database. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.dropDatabase(name);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + server + "]";
    }
}
