package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
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
 * <p>Implementations are thread-safe. Errors are {@link NotionApiException} (with subclasses for
 * 401, 404 and exhausted rate limits), {@link NotionTransportException} and
 * {@link NotionMalformedResponseException}; none of their messages contains the token.
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
