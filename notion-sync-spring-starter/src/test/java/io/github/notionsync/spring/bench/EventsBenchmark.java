package io.github.notionsync.spring.bench;

import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Do Server-Sent Events clients slow a sync? One application (the starter on PostgreSQL, the
 * Notion emulator in this JVM) syncs a database whose pages all changed, by
 * {@code POST /api/notion/sync-to-postgres} with a full pass, alternately with no event stream
 * open and with {@code clients} streams of {@code GET /api/notion/events} open and reading. Each
 * loaded round also checks that every client received every page's change. Prints the median sync
 * time of both and their ratio:
 * <pre>scripts/bench-events [pages=1000] [clients=100] [rounds=5]</pre>
 */
public final class EventsBenchmark {

    private static final String USER = "bench-events-user";
    /** The engine's own duration of each sync (from its report), in order. */
    private static final List<Double> ENGINE_SECONDS = new ArrayList<>();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (NotionEmulator notion = NotionEmulator.builder().build().start();
                TestDatabase db = PostgresServers.shared().createDatabase("nst_events_bench")) {
            String token = notion.workspace().createToken("bench-events");
            EmulatedDatabase database = notion.workspace().createDatabase("Bench", Schema.builder().build());
            List<EmulatedPage> all = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                all.add(database.addPage(Map.of("Name", "Page " + i)));
            }
            Map<String, Object> p = new HashMap<>();
            p.put("spring.datasource.url", db.jdbcUrl());
            p.put("spring.datasource.username", db.user());
            p.put("spring.datasource.password", db.password() == null ? "" : db.password());
            p.put("server.port", "0");
            p.put("logging.level.root", "WARN");
            p.put("notion.sync.base-url", notion.baseUrl().toString());
            p.put("notion.sync.rate-limit.enabled", "false");
            p.put("notion.sync.content.enabled", "false");
            p.put("notion.sync.security.mode", "LOCAL");
            p.put("notion.sync.security.local-user-id", USER);
            p.put("notion.sync.schedule.sync.enabled", "false");
            // Room for the streams of the last round that the server has not yet seen closed.
            p.put("notion.sync.events.max-streams", String.valueOf(3 * clients + 10));
            p.put("notion.sync.events.heartbeat", "2s");
            p.put("notion.sync.scheduler.request-timeout", "10m");
            p.put("notion.sync.connections[0].user-id", USER);
            p.put("notion.sync.connections[0].token", token);
            p.put("notion.sync.connections[0].databases[0].id", database.id());
            p.put("notion.sync.connections[0].databases[0].name", "Bench");
            p.put("notion.sync.connections[0].databases[0].kind", "PAGES");
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties(p).run()) {
                int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
                URI base = URI.create("http://localhost:" + port);
                HttpClient http = HttpClient.newHttpClient();
                System.out.printf(Locale.ROOT, "Events benchmark: %d pages changed per sync, %d clients, %d rounds%n",
                        pages, clients, rounds);
                sync(http, base); // warm-up, and the pages' first insertion
                List<Double> idle = new ArrayList<>();
                List<Double> loaded = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    change(notion, all, "a" + r);
                    Map<String, Long> cpu = cpu();
                    idle.add(sync(http, base));
                    Map<String, Long> idleCpu = since(cpu);
                    change(notion, all, "b" + r);
                    try (Clients c = Clients.open(base, clients)) {
                        cpu = cpu();
                        double seconds = sync(http, base);
                        loaded.add(seconds);
                        long start = System.nanoTime();
                        c.awaitEach(pages, Duration.ofMinutes(2));
                        double delivered = (System.nanoTime() - start) / 1e9;
                        Map<String, Long> loadedCpu = since(cpu);
                        int last = ENGINE_SECONDS.size() - 1;
                        System.out.printf(Locale.ROOT, "round %d: no clients %.3f s (engine %.3f s), %d clients %.3f s"
                                + " (engine %.3f s); every client had all %d changes %.3f s after the sync answered%n",
                                r, idle.get(r - 1), ENGINE_SECONDS.get(last - 1), clients, seconds,
                                ENGINE_SECONDS.get(last), pages, delivered);
                        System.out.printf(Locale.ROOT, "  CPU ms by thread group, no clients: %s%n", idleCpu);
                        System.out.printf(Locale.ROOT, "  CPU ms by thread group, %d clients: %s%n", clients, loadedCpu);
                    }
                }
                double a = median(idle);
                double b = median(loaded);
                System.out.printf(Locale.ROOT, "median sync: no clients %.3f s, %d clients %.3f s, ratio %.2f%n", a,
                        clients, b, b / a);
            }
        }
    }

    /** Renames every page, a minute later than the last change (so Notion reports them edited). */
    /** CPU time of this JVM's live threads by group, in nanoseconds, keyed by thread id and group. */
    private static Map<String, Long> cpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info != null && nanos >= 0) {
                out.put(id + "/" + group(info.getThreadName()), nanos);
            }
        }
        return out;
    }

    /** CPU milliseconds per thread group since {@code before} (threads that ended meanwhile are not counted). */
    private static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> millis = new java.util.TreeMap<>();
        cpu().forEach((key, nanos) -> millis.merge(key.substring(key.indexOf('/') + 1),
                (nanos - before.getOrDefault(key, 0L)) / 1_000_000, Long::sum));
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        millis.forEach((group, ms) -> out.put(group, ms));
        return out;
    }

    private static String group(String thread) {
        if (thread.startsWith("notion-sync-events-")) {
            return "server-streams-ms";
        }
        if (thread.startsWith("http-nio")) {
            return "server-tomcat-ms";
        }
        if (thread.startsWith("bench-client") || thread.startsWith("HttpClient")) {
            return "clients-ms";
        }
        if (thread.startsWith("notion-sync-change-feed")) {
            return "change-feed-ms";
        }
        if (thread.matches("notion-sync-\\d+") || thread.startsWith("db-scheduler")) {
            return "sync-engine-ms";
        }
        if (thread.startsWith("notion-emulator") || thread.contains("emulator")) {
            return "emulator-ms";
        }
        return "other-ms";
    }

    private static void change(NotionEmulator notion, List<EmulatedPage> pages, String suffix) {
        notion.clock().advance(Duration.ofMinutes(1));
        for (EmulatedPage page : pages) {
            page.update(Map.of("Name", page.title().replaceAll(" \\(.*\\)$", "") + " (" + suffix + ")"));
        }
    }

    /** One full pass through the REST endpoint; its wall time in seconds. */
    private static double sync(HttpClient http, URI base) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"full_pass\": true}")).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sync answered " + r.statusCode() + ": " + r.body());
        }
        java.util.regex.Matcher engine = java.util.regex.Pattern.compile("\"duration_ms\":(\\d+)").matcher(r.body());
        ENGINE_SECONDS.add(engine.find() ? Long.parseLong(engine.group(1)) / 1000.0 : Double.NaN);
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Event stream clients, each reading its stream on its own thread and counting page events. */
    private static final class Clients implements AutoCloseable {
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> new Thread(r, "bench-client"));
        private final HttpClient http = HttpClient.newHttpClient();
        private final List<AtomicLong> counts = new ArrayList<>();
        private final List<CompletableFuture<?>> streams = new ArrayList<>();
        private static final byte[] PATTERN = "\"page_updated\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private final List<java.io.InputStream> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

        static Clients open(URI base, int n) throws InterruptedException {
            Clients c = new Clients();
            HttpClient http = c.http;
            for (int i = 0; i < n; i++) {
                AtomicLong count = new AtomicLong();
                c.counts.add(count);
                CompletableFuture<HttpResponse<java.io.InputStream>> f = http.sendAsync(HttpRequest.newBuilder(
                        base.resolve("/api/notion/events")).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                c.streams.add(f.thenAcceptAsync(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("events answered " + r.statusCode());
                    }
                    c.bodies.add(r.body());
                    // Counts "page_updated" in the raw bytes: a client as cheap as can be, so that the
                    // figures are the server's.
                    byte[] buffer = new byte[16_384];
                    int matched = 0;
                    try (java.io.InputStream in = r.body()) {
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            for (int k = 0; k < read; k++) {
                                byte b = buffer[k];
                                matched = b == PATTERN[matched] ? matched + 1 : b == PATTERN[0] ? 1 : 0;
                                if (matched == PATTERN.length) {
                                    count.incrementAndGet();
                                    matched = 0;
                                }
                            }
                        }
                    } catch (IOException e) {
                        // closed at the end of the round
                    }
                }, c.threads));
            }
            // Connected: every stream has answered its headers and is being read.
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.bodies.size() < n) {
                for (CompletableFuture<?> s : c.streams) {
                    if (s.isCompletedExceptionally()) {
                        s.join();
                    }
                }
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("Only " + c.bodies.size() + " of " + n + " streams opened");
                }
                Thread.sleep(10);
            }
            return c;
        }

        void awaitEach(long events, Duration timeout) throws InterruptedException {
            long until = System.nanoTime() + timeout.toNanos();
            while (counts.stream().anyMatch(c -> c.get() < events)) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("Not every client received " + events + " changes: "
                            + counts.stream().map(AtomicLong::get).toList());
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            for (java.io.InputStream body : bodies) {
                try {
                    body.close(); // closes the connection
                } catch (IOException e) {
                    // already closed
                }
            }
            threads.shutdownNow();
        }
    }
}
