package io.github.notionsync;

import java.util.Locale;

/** Where a change in the outbox stands. */
public enum ChangeStatus {
    /** Waiting to be pushed (again, after a failure that is retried). */
    PENDING,
    /** Being pushed; a change left so by a stopped instance is recovered without writing twice. */
    APPLYING,
    /** Written to Notion, and the mirror updated from Notion's reply. */
    APPLIED,
    /** The page changed in Notion since the change's base; see {@link ConflictPolicy}. */
    CONFLICT,
    /** Refused by Notion or given up after the bounded attempts; the error says why. */
    FAILED;

    /** The name stored in the outbox's {@code status} column. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code code}. */
    public static ChangeStatus ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Whether the change will not be pushed again. */
    public boolean finished() {
        return this == APPLIED || this == CONFLICT || this == FAILED;
    }
}
