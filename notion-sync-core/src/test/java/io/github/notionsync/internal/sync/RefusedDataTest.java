package io.github.notionsync.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Only data the store refuses narrows a batch; a store that is unwell fails the database. */
class RefusedDataTest {

    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("Could not write a batch", new RuntimeException("jOOQ", cause));
    }

    @Test
    void constraintAndSizeErrorsAreTheDatasFault() {
        assertThat(DatabaseSync.refusedData(wrapped(new SQLException("check violation", "23514")))).isTrue();
        assertThat(DatabaseSync.refusedData(wrapped(new SQLException("index row requires 9920 bytes", "54000"))))
                .isTrue();
        assertThat(DatabaseSync.refusedData(wrapped(new SQLException("invalid byte sequence", "22021")))).isTrue();
    }

    @Test
    void connectionTimeoutAndConflictErrorsAreTheStores() {
        assertThat(DatabaseSync.refusedData(wrapped(new SQLTransientConnectionException("pool timeout", "08001"))))
                .isFalse();
        assertThat(DatabaseSync.refusedData(wrapped(new SQLException("could not serialize", "40001")))).isFalse();
        assertThat(DatabaseSync.refusedData(wrapped(new SQLException("canceling statement", "57014")))).isFalse();
        assertThat(DatabaseSync.refusedData(wrapped(new SQLException("no state")))).isFalse();
    }

    @Test
    void aStoreThatIsNotSqlIsTrustedToRefuseOnlyData() {
        assertThat(DatabaseSync.refusedData(new IllegalArgumentException("too large"))).isTrue();
    }
}
