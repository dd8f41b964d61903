package io.github.notionsync.spi;

import io.github.notionsync.PageRecord;
import java.util.Objects;

/**
 * A page to store, with its content hash.
 *
 * @param record the extracted page
 * @param contentHash its hash; the store skips the write when the stored hash is equal and the
 *     row is not deleted
 */
public record PageWrite(PageRecord record, String contentHash) {

    public PageWrite {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(contentHash, "contentHash");
        if (contentHash.isBlank()) {
            throw new IllegalArgumentException("contentHash must not be blank");
        }
    }
}
