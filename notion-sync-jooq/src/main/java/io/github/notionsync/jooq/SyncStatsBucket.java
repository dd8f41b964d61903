package io.github.notionsync.jooq;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's syncs in one hour or day: what {@link NotionSyncQueries#syncStats} returns for each
 * bucket of its window, empty buckets included.
 *
 * @param start when the bucket starts (UTC)
 * @param runs runs of a database that ended, by when they started
 * @param pagesSeen pages those runs read from Notion
 * @param pagesChanged pages they inserted, updated or marked deleted
 * @param requests requests they made to Notion
 * @param maxDurationMs the longest of them, in milliseconds (0 without runs)
 * @param avgDurationMs their mean duration, in milliseconds (0 without runs)
 * @param errors errors recorded in the bucket (failed pages and failed runs)
 */
public record SyncStatsBucket(Instant start, long runs, long pagesSeen, long pagesChanged, long requests,
        long maxDurationMs, long avgDurationMs, long errors) {

    public SyncStatsBucket {
        Objects.requireNonNull(start, "start");
    }
}
