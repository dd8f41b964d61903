package io.github.notionsync.client;

import java.time.Instant;
import java.util.Objects;

/**
 * What to ask a database or data source query for: all pages, or those edited on or after an
 * instant, always sorted ascending by a timestamp so that results can be windowed past Notion's
 * 10,000-result cap.
 *
 * @param sortBy the timestamp results are sorted by (ascending) and windowed on
 * @param editedOnOrAfter only pages whose {@code last_edited_time} is on or after this, or
 *     {@code null} for all pages
 * @param pageSize results per request, 1 to 100
 */
public record PageQuery(Timestamp sortBy, Instant editedOnOrAfter, int pageSize) {

    /** Notion's maximum and default page size. */
    public static final int MAX_PAGE_SIZE = 100;

    /** A page timestamp Notion can filter and sort on. */
    public enum Timestamp {
        /** {@code created_time}: stable, so a full pass windows on it. */
        CREATED_TIME("created_time"),
        /** {@code last_edited_time}: what incremental syncs filter on. */
        LAST_EDITED_TIME("last_edited_time");

        private final String field;

        Timestamp(String field) {
            this.field = field;
        }

        /** The JSON field name. */
        public String field() {
            return field;
        }
    }

    public PageQuery {
        Objects.requireNonNull(sortBy, "sortBy");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and 100, got " + pageSize);
        }
    }

    /** Every page, sorted by creation time (a full pass). */
    public static PageQuery all() {
        return new PageQuery(Timestamp.CREATED_TIME, null, MAX_PAGE_SIZE);
    }

    /** Pages edited on or after {@code instant}, oldest edit first (an incremental sync). */
    public static PageQuery editedSince(Instant instant) {
        return new PageQuery(Timestamp.LAST_EDITED_TIME, Objects.requireNonNull(instant, "instant"), MAX_PAGE_SIZE);
    }
}
