package io.github.notionsync.testkit.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server that behaves like the Notion REST API for what a sync client does:
 * databases, data sources, queries (filters on every property type Notion filters on, sorts by
 * timestamps and any property), pages, property items, block children, users and search, and the
 * writes (update and create pages, append and delete blocks, with Notion's validation), in versions
 * 2022-06-28, 2025-09-03 and 2026-03-11, with Notion's list shapes, cursors, limits, validation and
 * error bodies, plus rate limiting and fault injection.
 *
 * <pre>{@code
 * try (NotionEmulator emulator = NotionEmulator.builder().build().start()) {
 *     String token = emulator.workspace().createToken("my-integration");
 *     EmulatedDatabase db = emulator.workspace().createDatabase("Tasks", Schema.builder().checkbox("Done").build());
 *     db.addPage(PropertyValues.builder().title("Write tests").checkbox("Done", false).build());
 *     URI base = emulator.baseUrl(); // GET base + /v1/databases/{id} with Authorization and Notion-Version
 * }
 * }</pre>
 */
public final class NotionEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotionEmulator.class);

    private final Builder config;
    private final EmulatorClock clock;
    private final Store store;
    private final EmulatedWorkspace workspace;
    private final Faults faults = new Faults();
    private final RequestStats stats = new RequestStats();
    private HttpServer server;
    private ExecutorService executor;

    private NotionEmulator(Builder config) {
        this.config = config.copy();
        this.clock = new EmulatorClock(config.clockStart, config.realTimeClock ? java.time.Clock.systemUTC() : null);
        this.store = new Store(clock, config.seed);
        this.workspace = new EmulatedWorkspace(store);
    }

    /** A builder with the defaults: a free port on 127.0.0.1, no rate limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the HTTP server; returns this emulator. */
    public synchronized NotionEmulator start() {
        if (server != null) {
            throw new IllegalStateException("The emulator is already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(config.host, config.port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the Notion emulator to " + config.host + ":" + config.port, e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "notion-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        RateLimiter limiter = config.ratePerSecond > 0 ? new RateLimiter(config.ratePerSecond, config.burst) : null;
        server.createContext("/", new Router(store, faults, limiter, stats));
        server.setExecutor(executor);
        server.start();
        log.info("Notion emulator listening on {}", baseUrl());
        return this;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:4010}; clients append {@code /v1/...}. */
    public URI baseUrl() {
        return URI.create("http://" + config.host + ":" + port());
    }

    /** The bound port. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The emulator is not started");
        }
        return server.getAddress().getPort();
    }

    /** The workspace: tokens, users, databases and pages. */
    public EmulatedWorkspace workspace() {
        return workspace;
    }

    /** The clock that stamps created and edited times. */
    public EmulatorClock clock() {
        return clock;
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /**
     * How many requests arrived for an endpoint, e.g. {@code requestCount("POST",
     * "/v1/data_sources/{id}/query")}. Templates: {@code /v1/databases/{id}},
     * {@code /v1/databases/{id}/query}, {@code /v1/data_sources/{id}}, {@code /v1/data_sources/{id}/query},
     * {@code /v1/pages/{id}}, {@code /v1/pages/{id}/properties/{property_id}}, {@code /v1/blocks/{id}},
     * {@code /v1/blocks/{id}/children}, {@code /v1/users}, {@code /v1/users/me}, {@code /v1/users/{id}},
     * {@code /v1/search}, {@code /v1/comments}, and for writes {@code /v1/pages} (POST); other paths
     * count under the raw path.
     */
    public long requestCount(String method, String pathTemplate) {
        return stats.count(method, pathTemplate);
    }

    /** All requests that arrived. */
    public long totalRequests() {
        return stats.total();
    }

    /** The latest requests (up to 10,000), oldest first. */
    public List<RecordedRequest> requestLog() {
        return stats.log();
    }

    /** Clears counters and the request log. */
    public void resetRequests() {
        stats.reset();
    }

    /** Stops the server. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
            log.info("Notion emulator stopped");
        }
    }

    /** Configures an emulator. */
    public static final class Builder {

        /** Default bind address. */
        public static final String DEFAULT_HOST = "127.0.0.1";
        /** Default seed of ids and tokens. */
        public static final long DEFAULT_SEED = 20260311L;

        private String host = DEFAULT_HOST;
        private int port;
        private double ratePerSecond;
        private int burst;
        private long seed = DEFAULT_SEED;
        private Instant clockStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        private boolean realTimeClock;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.ratePerSecond = ratePerSecond;
            b.burst = burst;
            b.seed = seed;
            b.clockStart = clockStart;
            b.realTimeClock = realTimeClock;
            return b;
        }

        /** The port; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid port " + port);
            }
            this.port = port;
            return this;
        }

        /** The bind address (default 127.0.0.1; 0.0.0.0 to serve other machines). */
        public Builder host(String host) {
            this.host = java.util.Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Rate limit per token: an average of {@code perSecond} requests with bursts of up to
         * {@code burst}; excess requests get 429 rate_limited with Retry-After. Off by default;
         * Notion documents 3 requests/s.
         */
        public Builder rateLimit(double perSecond, int burst) {
            if (perSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("Need a positive rate and a burst of at least 1");
            }
            this.ratePerSecond = perSecond;
            this.burst = burst;
            return this;
        }

        /** The seed of generated ids and tokens (default fixed, so runs are repeatable). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The clock's initial time (default: now, rounded down to the minute). */
        public Builder clockStart(Instant start) {
            this.clockStart = java.util.Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * Lets the clock move with real time from its start (by default it stands still until a test
         * moves it), as a long-running emulator needs; {@link EmulatorClock#advance} and
         * {@link EmulatorClock#set} still shift it. The standalone emulator runs so.
         */
        public Builder realTimeClock() {
            this.realTimeClock = true;
            return this;
        }

        /** An emulator, not yet started. */
        public NotionEmulator build() {
            return new NotionEmulator(this);
        }
    }
}
