package io.github.notionsync.jooq;

import io.github.notionsync.SyncRepositoryException;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/** The storage boundary: SQL failures become {@link SyncRepositoryException} naming what failed. */
final class StoreCalls {

    private StoreCalls() {
    }

    static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (DataAccessException e) {
            throw new SyncRepositoryException("Could not " + what + ": " + rootMessage(e), e);
        }
    }

    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? e.getMessage() : t.getMessage();
    }
}
