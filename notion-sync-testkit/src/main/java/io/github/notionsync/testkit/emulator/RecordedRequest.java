package io.github.notionsync.testkit.emulator;

import java.time.Instant;

/**
 * One request the emulator answered, for tests and benchmarks.
 *
 * @param at wall-clock time of arrival
 * @param method HTTP method
 * @param path the raw request path (without query string)
 * @param template the endpoint template, e.g. {@code /v1/data_sources/{id}/query}, or the path itself
 *     when no endpoint matched
 * @param status the HTTP status answered (0 for a dropped connection)
 * @param integration the name of the integration whose token was used, or null
 */
public record RecordedRequest(Instant at, String method, String path, String template, int status,
        String integration) {
}
