package io.github.notionsync.testkit.postgres;

import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving a test class its own fresh database, dropped after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();
 *
 * @Test
 * void works() throws Exception {
 *     try (Connection c = postgres.database().openConnection()) { ... }
 * }
 * }</pre>
 *
 * Test methods and constructors may also declare a {@link TestDatabase} parameter. Register it
 * as a {@code static} field: one database per class, however many tests it has.
 */
public final class PostgresDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Supplier<PostgresServer> server;
    private volatile TestDatabase database;

    /** Uses {@link PostgresServers#shared()}. */
    public PostgresDatabaseExtension() {
        this(PostgresServers::shared);
    }

    /** Uses the given server, e.g. {@code PostgresServers::embedded}. */
    public PostgresDatabaseExtension(Supplier<PostgresServer> server) {
        this.server = server;
    }

    /** The current test class's database. */
    public TestDatabase database() {
        TestDatabase db = database;
        if (db == null) {
            throw new IllegalStateException("No database yet: register the extension on a static field"
                    + " with @RegisterExtension and use it from tests, not from static initialisers");
        }
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = server.get().createDatabase(prefix(context.getRequiredTestClass()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase db = database;
        database = null;
        if (db != null) {
            db.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return database();
    }

    static String prefix(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (simple.length() > 22) {
            simple = simple.substring(0, 22);
        }
        return "nst_" + simple;
    }
}
