package io.github.notionsync;

/**
 * Decides whether a page changed since it was stored, from a hash of what is stored.
 */
public interface ChangeDetector {

    /** A stable hash of the record's stored content. */
    String hash(PageRecord record);

    /** Whether {@code record} differs from what was stored with {@code storedHash}. */
    default boolean changed(String storedHash, PageRecord record) {
        return storedHash == null || !storedHash.equals(hash(record));
    }
}
