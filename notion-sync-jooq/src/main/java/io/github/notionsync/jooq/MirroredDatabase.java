package io.github.notionsync.jooq;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import java.util.Objects;

/**
 * How many pages of one Notion database a user's mirror holds.
 *
 * @param databaseId the Notion database
 * @param kind the table its pages are in
 * @param livePages pages present in Notion at the last sync
 * @param deletedPages pages marked deleted (trashed, removed or unshared in Notion)
 */
public record MirroredDatabase(NotionId databaseId, TargetKind kind, long livePages, long deletedPages) {

    public MirroredDatabase {
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(kind, "kind");
    }
}
