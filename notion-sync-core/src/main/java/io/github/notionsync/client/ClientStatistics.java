package io.github.notionsync.client;

/**
 * Counters of a {@link NotionClient}.
 *
 * @param requests HTTP requests sent, every attempt counted
 * @param retries attempts that were repeats of a failed attempt
 * @param rateLimited responses with status 429 or 529
 */
public record ClientStatistics(long requests, long retries, long rateLimited) {

    /** The difference {@code this - earlier}, e.g. for one sync run. */
    public ClientStatistics minus(ClientStatistics earlier) {
        return new ClientStatistics(requests - earlier.requests, retries - earlier.retries,
                rateLimited - earlier.rateLimited);
    }
}
