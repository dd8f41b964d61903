package io.github.notionsync.client;

import io.github.notionsync.NotionSyncException;
import java.time.Instant;

/**
 * A query hit Notion's 10,000-result cap and could not be continued by windowing, because more
 * than 10,000 pages share one minute of the timestamp the query is sorted on.
 */
public final class NotionQueryLimitException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    public NotionQueryLimitException(String path, Instant windowStart) {
        super("Notion query " + path + " hit the 10,000-result cap and cannot be windowed further"
                + (windowStart == null ? "" : " from " + windowStart)
                + ": more than 10,000 pages share one minute of the sort timestamp");
    }
}
