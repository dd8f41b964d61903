package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Notion REST API as notion-sync needs it, the same whichever {@link NotionApiVersion} is
 * spoken underneath.
 *
 * <p>Every list comes back as a lazy {@link Stream}: the next page of results is requested only
 * when the stream reaches it, so memory stays flat however large a database is. Close the streams
 * you do not read to the end (try-with-resources), although an abandoned stream holds nothing but
 * its current page.
 *
 * <p>Writes come in two kinds. {@link #updatePage} and {@link #deleteBlock} are safe to repeat
 * and retried like reads. {@link #createPage} and {@link #appendBlockChildren} are not: they are
 * retried on 429 only, and any other failure after the request may have reached Notion throws
 * {@link NotionWriteOutcomeUnknownException}, so that the caller checks Notion before trying again.
 *
 * <p>Implementations are thread-safe. Errors are {@link NotionApiException} (with subclasses for
 * 400 {@code validation_error}, 401, 403 {@code restricted_resource}, 404, 409
 * {@code conflict_error} and exhausted rate limits), {@link NotionTransportException} (with
 * {@link NotionWriteOutcomeUnknownException}) and {@link NotionMalformedResponseException}; none of
 * their messages contains the token.
 */
public interface NotionClient extends AutoCloseable {

    /** The API version this client speaks. */
    NotionApiVersion apiVersion();

    /** {@code GET /v1/databases/{id}}: title, data sources and, under 2022-06-28, the schema. */
    NotionDatabase retrieveDatabase(NotionId databaseId);

    /**
     * The schema and metadata of a data source ({@code GET /v1/data_sources/{id}}); under
     * 2022-06-28 the database of that id.
     */
    NotionDataSource retrieveDataSource(NotionId dataSourceId);

    /**
     * Pages of every data source of a database, one data source after the other. Continues past
     * Notion's 10,000-result cap by windowing on the query's timestamp, without duplicates.
     */
    Stream<NotionPage> queryDatabase(NotionId databaseId, PageQuery query);

    /** Pages of one data source (under 2022-06-28: of the database with that id). */
    Stream<NotionPage> queryDataSource(NotionId dataSourceId, PageQuery query);

    /** {@code GET /v1/pages/{id}}, also for pages in the trash. */
    NotionPage retrievePage(NotionId pageId);

    /**
     * A page property's complete value, in the same shape as in a page object
     * ({@code {id, type, <type>: value}}), read through the paginated property-item endpoint.
     * Use it for relation, people, title and rich_text values that pages truncate at 25 items,
     * and for rollups over them.
     *
     * @param propertyId the property id as Notion gives it (URL-encoded, e.g. {@code "%3A%3Fvz"})
     */
    JsonNode retrievePropertyValue(NotionId pageId, String propertyId);

    /** The direct children of a block or page, lazily paginated. */
    Stream<NotionBlock> blockChildren(NotionId blockId);

    /**
     * A page's content: its blocks and, recursively, their children, down to {@code maxDepth}
     * levels and at most {@code maxBlocks} blocks. Child pages and child databases are not
     * descended into.
     */
    BlockTree retrieveBlockTree(NotionId blockId, int maxDepth, int maxBlocks);

    /**
     * {@code POST /v1/search}.
     *
     * @param query text to search titles for ({@code ""} for everything)
     * @param pagesOnly {@code true} for pages only, {@code false} for databases/data sources only,
     *     {@code null} for both
     */
    Stream<SearchResult> search(String query, Boolean pagesOnly);

    /** {@code GET /v1/users}: the workspace's people and bots. */
    Stream<NotionUser> listUsers();

    /** The most children blocks one create or append request may carry (Notion's limit). */
    int MAX_CHILDREN_PER_REQUEST = 100;

    /**
     * {@code PATCH /v1/pages/{id}}: sets the given properties and, when {@code inTrash} is not
     * {@code null}, moves the page to or out of the trash ({@code in_trash}; {@code archived} under
     * 2022-06-28). Retried on 429, 5xx and transport errors, since setting the same values twice is
     * harmless.
     *
     * @param properties property name (or id) to a Notion property value, e.g.
     *     {@code {"Role": {"select": {"name": "Mentor"}}}}; may be empty
     * @param inTrash {@code true} to trash, {@code false} to restore, {@code null} to leave as is
     * @return the page as Notion replies, with its new {@code last_edited_time}
     */
    NotionPage updatePage(NotionId pageId, ObjectNode properties, Boolean inTrash);

    /**
     * {@code POST /v1/pages}: creates a page in a database. The parent is
     * {@code {data_source_id}} under 2025-09-03 and later (the database's first data source when
     * {@code dataSourceId} is {@code null}) and {@code {database_id}} under 2022-06-28, where
     * {@code dataSourceId} is ignored. Not idempotent: retried on 429 only.
     *
     * @param properties property values as Notion shapes
     * @param children at most {@value #MAX_CHILDREN_PER_REQUEST} content blocks, nested at most two
     *     levels; may be empty
     * @return the new page as Notion replies
     * @throws NotionWriteOutcomeUnknownException after a 5xx, timeout or lost reply: the page may
     *     or may not exist
     */
    NotionPage createPage(NotionId databaseId, NotionId dataSourceId, ObjectNode properties,
            List<ObjectNode> children);

    /**
     * {@code PATCH /v1/blocks/{id}/children}: appends blocks at the end of a page or block. Not
     * idempotent: retried on 429 only.
     *
     * @param children 1 to {@value #MAX_CHILDREN_PER_REQUEST} blocks, nested at most two levels
     * @return the created top-level blocks, in order
     * @throws NotionWriteOutcomeUnknownException after a 5xx, timeout or lost reply
     */
    List<NotionBlock> appendBlockChildren(NotionId blockId, List<ObjectNode> children);

    /**
     * {@code DELETE /v1/blocks/{id}}: moves a block (or a page) to the trash. Deleting a block that
     * is already in the trash is not an error. Retried like {@link #updatePage}.
     */
    void deleteBlock(NotionId blockId);

    /** Requests sent (every attempt counts) and retries made since this client was built. */
    ClientStatistics statistics();

    /**
     * Requests and retries the calling thread has sent so far, so that a sync run counts its own
     * requests even while other runs use the same client. The default is {@link #statistics()}, for
     * clients that cannot tell threads apart.
     */
    default ClientStatistics threadStatistics() {
        return statistics();
    }

    /** Releases the HTTP client's resources. */
    @Override
    void close();
}
