package io.github.notionsync.testkit.contract;

import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import java.time.Instant;
import java.util.Map;

/**
 * What a store holds of a page, as read back by {@link SyncRepositoryContractTest#readBack}: the
 * contract compares it with what was written, so a store that drops or mangles titles, content,
 * typed fields or flags fails it.
 *
 * @param databaseId the page's database
 * @param title the page's title (the kind's title column)
 * @param fields the kind's typed columns, by column name (text, {@code Boolean} or {@code List<String>})
 * @param contentText the content as plain text
 * @param contentMarkdown the content as Markdown
 * @param wordCount words of the content
 * @param url the page's URL
 * @param createdTime Notion's created time
 * @param lastEditedTime Notion's last edited time
 * @param inTrash whether Notion has the page in its trash
 * @param deletedReason why the page was marked deleted, or {@code null}
 */
public record StoredRecord(NotionId databaseId, String title, Map<String, Object> fields,
        String contentText, String contentMarkdown, int wordCount, String url, Instant createdTime,
        Instant lastEditedTime, boolean inTrash, String deletedReason) {

    /** What a store must hold after {@code record} was written and not deleted. */
    public static StoredRecord of(PageRecord record) {
        return new StoredRecord(record.databaseId(), record.title(), record.fields(),
                record.contentText(), record.contentMarkdown(), record.wordCount(), record.url(),
                record.createdTime(), record.lastEditedTime(), record.inTrash(), null);
    }
}
