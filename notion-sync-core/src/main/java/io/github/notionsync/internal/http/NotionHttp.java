package io.github.notionsync.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.client.NotionApiException;
import io.github.notionsync.client.NotionConflictException;
import io.github.notionsync.client.NotionMalformedResponseException;
import io.github.notionsync.client.NotionObjectNotFoundException;
import io.github.notionsync.client.NotionRateLimitedException;
import io.github.notionsync.client.NotionRestrictedResourceException;
import io.github.notionsync.client.NotionTransportException;
import io.github.notionsync.client.NotionUnauthorizedException;
import io.github.notionsync.client.NotionValidationException;
import io.github.notionsync.client.NotionWriteOutcomeUnknownException;
import io.github.notionsync.client.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to Notion: authentication and version headers, the shared rate limiter,
 * retries with backoff and {@code Retry-After}, and the mapping of error bodies to exceptions.
 */
public final class NotionHttp {

    /** Builds the request of one attempt; {@code shrink} counts the 504s seen so far. */
    @FunctionalInterface
    public interface RequestSpec {
        /** The path and query (e.g. {@code /v1/users?page_size=100}) and body of this attempt. */
        Call build(int shrink);
    }

    /**
     * One attempt's request.
     *
     * @param method GET, POST, PATCH or DELETE
     * @param pathAndQuery path below the base URL, with query string
     * @param body JSON body for POST and PATCH, or {@code null}
     */
    public record Call(String method, String pathAndQuery, byte[] body) {
    }

    private static final Logger log = LoggerFactory.getLogger(NotionHttp.class);

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final String version;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final TokenRateLimiter limiter;
    private final TokenRateLimiter.Ticker ticker;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    /** Requests, retries and 429s sent by each thread, whichever client it used. */
    private static final ThreadLocal<long[]> THREAD = ThreadLocal.withInitial(() -> new long[3]);

    public NotionHttp(HttpClient http, URI baseUrl, String token, String version, Duration requestTimeout,
            RetryPolicy retry, TokenRateLimiter limiter, TokenRateLimiter.Ticker ticker, Clock clock,
            ObjectMapper mapper) {
        this.http = http;
        String b = baseUrl.toString();
        this.baseUrl = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.authorization = "Bearer " + token;
        this.version = version;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.limiter = limiter;
        this.ticker = ticker;
        this.clock = clock;
        this.mapper = mapper;
    }

    public long requests() {
        return requests.get();
    }

    public long retries() {
        return retries.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    /** Requests, retries and 429s that the calling thread has sent so far, with any client. */
    public static long[] threadCounts() {
        return THREAD.get().clone();
    }

    /** Sends {@code spec} with retries and returns the parsed JSON object of the 2xx answer. */
    public JsonNode send(RequestSpec spec) {
        return send(spec, true);
    }

    /**
     * Sends a request that must not be applied twice (creating a page, appending blocks): retried
     * only on 429 and when the connection could not even be opened; a 5xx, a timeout, a dropped
     * connection or an unreadable 2xx body throws {@link NotionWriteOutcomeUnknownException}.
     */
    public JsonNode sendOnce(RequestSpec spec) {
        return send(spec, false);
    }

    private JsonNode send(RequestSpec spec, boolean idempotent) {
        long start = ticker.nanoTime();
        long budget = retry.maxElapsed().toNanos();
        int shrink = 0;
        for (int attempt = 1; ; attempt++) {
            Call call = spec.build(shrink);
            String shown = call.method() + ' ' + pathOnly(call.pathAndQuery());
            Failure failure;
            try {
                if (limiter != null) {
                    limiter.acquire();
                }
                requests.incrementAndGet();
                long[] mine = THREAD.get();
                mine[0]++;
                if (attempt > 1) {
                    retries.incrementAndGet();
                    mine[1]++;
                }
                long t0 = ticker.nanoTime();
                HttpResponse<byte[]> response = http.send(request(call), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (log.isDebugEnabled()) {
                    log.debug("{} -> {} in {} ms (attempt {})", shown, status, (ticker.nanoTime() - t0) / 1_000_000,
                            attempt);
                }
                if (status >= 200 && status < 300) {
                    try {
                        JsonNode json = mapper.readTree(response.body());
                        if (json == null || !json.isObject()) {
                            throw new MalformedBody("the body is not a JSON object");
                        }
                        return json;
                    } catch (JsonProcessingException | MalformedBody e) {
                        NotionMalformedResponseException malformed = new NotionMalformedResponseException(
                                call.method(), pathOnly(call.pathAndQuery()), status, e.getMessage(), e);
                        if (!idempotent) {
                            throw new NotionWriteOutcomeUnknownException(call.method(), pathOnly(call.pathAndQuery()),
                                    status, malformed);
                        }
                        failure = new Failure(malformed, null);
                    }
                } else {
                    NotionApiException error = error(call, response);
                    if (!error.isRetryable()) {
                        throw error;
                    }
                    if (!idempotent && status != 429) {
                        throw new NotionWriteOutcomeUnknownException(call.method(), pathOnly(call.pathAndQuery()),
                                status, error);
                    }
                    Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                            clock.instant());
                    if (status == 429 || status == 529) {
                        rateLimited.incrementAndGet();
                        THREAD.get()[2]++;
                        if (retryAfter != null && limiter != null) {
                            limiter.pauseFor(cap(retryAfter).toNanos());
                        }
                    }
                    if (status == 504) {
                        shrink++;
                    }
                    failure = new Failure(error, retryAfter);
                }
            } catch (IOException e) {
                if (!idempotent && !neverSent(e)) {
                    throw new NotionWriteOutcomeUnknownException(call.method(), pathOnly(call.pathAndQuery()), 0, e);
                }
                failure = new Failure(new NotionTransportException(call.method(), pathOnly(call.pathAndQuery()),
                        attempt, e), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotionTransportException(call.method(), pathOnly(call.pathAndQuery()), attempt, e);
            }

            long delay = delayNanos(attempt, failure.retryAfter());
            long elapsed = ticker.nanoTime() - start;
            if (attempt >= retry.maxAttempts() || elapsed + delay > budget) {
                throw exhausted(failure, call, attempt);
            }
            log.debug("Retrying {} in {} ms after: {}", shown, delay / 1_000_000, failure.error().getMessage());
            try {
                if (delay > 0) {
                    ticker.sleep(delay);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotionTransportException(call.method(), pathOnly(call.pathAndQuery()), attempt, e);
            }
        }
    }

    /** Whether the request certainly never reached Notion: the connection could not be opened. */
    private static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
    }

    private RuntimeException exhausted(Failure failure, Call call, int attempts) {
        RuntimeException error = failure.error();
        if (error instanceof NotionTransportException t) {
            return new NotionTransportException(call.method(), pathOnly(call.pathAndQuery()), attempts, t.getCause());
        }
        if (error instanceof NotionApiException api && (api.status() == 429 || api.status() == 529)) {
            return new NotionRateLimitedException(api.method(), api.path(), api.status(), api.code(),
                    api.notionMessage(), api.requestId(), failure.retryAfter());
        }
        return error;
    }

    private long delayNanos(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return cap(retryAfter).toNanos();
        }
        long base = retry.baseDelay().toNanos();
        long max = retry.maxDelay().toNanos();
        long exp = attempt >= 40 ? max : Math.min(max, base << Math.min(attempt - 1, 30));
        // "Equal jitter": half fixed, half random, so retries spread without collapsing to zero.
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    private Duration cap(Duration d) {
        return d.compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : d;
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + call.pathAndQuery()))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Notion-Version", version)
                .header("Accept", "application/json");
        if (call.body() != null) {
            b.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private NotionApiException error(Call call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String code = null;
        String message = null;
        String requestId = response.headers().firstValue("x-notion-request-id").orElse(null);
        try {
            JsonNode body = mapper.readTree(response.body());
            if (body != null && body.isObject() && "error".equals(body.path("object").asText())) {
                code = textOrNull(body.get("code"));
                message = textOrNull(body.get("message"));
                String id = textOrNull(body.get("request_id"));
                requestId = id != null ? id : requestId;
            }
        } catch (IOException notJson) {
            // 502s and edge-proxy errors may be HTML: keep status only.
        }
        String method = call.method();
        String path = pathOnly(call.pathAndQuery());
        if (status == 400 && message != null && message.contains("multiple data sources")
                && "2022-06-28".equals(version)) {
            message = message + " This database has several data sources, which API version 2022-06-28 cannot"
                    + " read: set the API version to 2025-09-03 or later (notion.sync.api-version, or"
                    + " HttpNotionClient.builder().apiVersion(NotionApiVersion.V2025_09_03)).";
        }
        return switch (status) {
            case 401 -> new NotionUnauthorizedException(method, path, status, code, message, requestId);
            case 404 -> new NotionObjectNotFoundException(method, path, status, code, message, requestId);
            case 400 -> "validation_error".equals(code)
                    ? new NotionValidationException(method, path, status, code, message, requestId)
                    : new NotionApiException(method, path, status, code, message, requestId);
            case 403 -> "restricted_resource".equals(code)
                    ? new NotionRestrictedResourceException(method, path, status, code, message, requestId)
                    : new NotionApiException(method, path, status, code, message, requestId);
            case 409 -> new NotionConflictException(method, path, status, code, message, requestId);
            default -> new NotionApiException(method, path, status, code, message, requestId);
        };
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private record Failure(RuntimeException error, Duration retryAfter) {
    }

    private static final class MalformedBody extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedBody(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "NotionHttp[" + baseUrl + ", Notion-Version " + version + "]";
    }
}
