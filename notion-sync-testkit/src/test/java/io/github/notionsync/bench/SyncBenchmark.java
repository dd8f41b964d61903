package io.github.notionsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.PageQuery;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Emulator, client and engine throughput over real HTTP, each beside the one below it in the
 * same process:
 * <ol>
 *   <li>baseline: the emulator paged through with bare java.net.http and Jackson (pages/s);</li>
 *   <li>HttpNotionClient.queryDatabase over the same data (pages/s, bytes allocated per page);</li>
 *   <li>NotionSync, first sync without content into InMemorySyncRepository (pages/s);</li>
 *   <li>300 requests through a client limited to 3 requests/s against an emulator enforcing
 *       the same: seconds taken against the ideal (requests − burst) / rate, and 429s seen.</li>
 * </ol>
 * Run: {@code scripts/bench notion-sync-testkit io.github.notionsync.bench.SyncBenchmark [pages] [rateRequests]}
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rateRequests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            String token = notion.workspace().createToken("bench");
            EmulatedDatabase db = notion.workspace().createDatabase("Characters", Schema.builder()
                    .richText("Description").select("Role").multiSelect("Tags").number("Age").checkbox("Alive")
                    .url("Homepage").build());
            for (int i = 0; i < pages; i++) {
                db.addPage(Map.of("Name", "Character " + i, "Description", "A traveller from the north, number " + i,
                        "Role", i % 3 == 0 ? "Ranger" : "Wizard", "Tags", List.of("hero", "north"), "Age", 30 + i % 70,
                        "Alive", i % 2 == 0, "Homepage", "https://example.org/" + i));
                if (i % 100 == 99) {
                    notion.clock().advance(Duration.ofMinutes(1));
                }
            }
            System.out.printf("workspace: %,d pages, 8 properties each%n", pages);
            for (int round = 0; round < 2; round++) {
                double raw = rawPaging(notion, token, db.dataSourceIds().get(0), pages);
                double client;
                long allocated;
                try (HttpNotionClient c = HttpNotionClient.builder().token(token).baseUrl(notion.baseUrl())
                        .noRateLimit().build()) {
                    long a0 = allocatedBytes();
                    long t0 = System.nanoTime();
                    long n = c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).count();
                    client = n / ((System.nanoTime() - t0) / 1e9);
                    allocated = (allocatedBytes() - a0) / n;
                }
                double engine;
                try (NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository())
                        .fetchContent(false)
                        .connection(SyncConnection.of("bench", HttpNotionClient.builder().token(token)
                                .baseUrl(notion.baseUrl()).noRateLimit().build(),
                                DatabaseConfig.of("Characters", db.id(), TargetKind.CHARACTERS)))
                        .build()) {
                    long t0 = System.nanoTime();
                    SyncReport r = sync.syncAll();
                    engine = r.pagesSeen() / ((System.nanoTime() - t0) / 1e9);
                }
                System.out.printf("round %d: raw HTTP+Jackson %,.0f pages/s; HttpNotionClient %,.0f pages/s (%.2f of raw,"
                        + " %,d bytes allocated per page); NotionSync into memory %,.0f pages/s (%.2f of client)%n",
                        round, raw, client, client / raw, allocated, engine, engine / client);
            }
        }
        try (NotionEmulator limited = NotionEmulator.builder().rateLimit(3, 3).build().start()) {
            String token = limited.workspace().createToken("rate");
            EmulatedDatabase db = limited.workspace().createDatabase("Rate", Schema.builder().build());
            try (HttpNotionClient c = HttpNotionClient.builder().token(token).baseUrl(limited.baseUrl())
                    .rateLimit(RateLimit.defaults()).build()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < rateRequests; i++) {
                    c.retrieveDatabase(NotionId.parse(db.id()));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double ideal = (rateRequests - RateLimit.DEFAULT_BURST) / RateLimit.DEFAULT_PERMITS_PER_SECOND;
                System.out.printf("%d requests at 3/s: %.1f s, ideal %.1f s (%+.1f %%), %d answered 429%n",
                        rateRequests, seconds, ideal, (seconds / ideal - 1) * 100, c.statistics().rateLimited());
            }
        }
    }

    private static double rawPaging(NotionEmulator notion, String token, String dataSource, int expected)
            throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String cursor = null;
        long n = 0;
        long t0 = System.nanoTime();
        do {
            String body = "{\"page_size\":100,\"sorts\":[{\"timestamp\":\"created_time\",\"direction\":\"ascending\"}]"
                    + (cursor == null ? "" : ",\"start_cursor\":\"" + cursor + "\"") + "}";
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(notion.baseUrl()
                            + "/v1/data_sources/" + dataSource + "/query"))
                    .header("Authorization", "Bearer " + token).header("Notion-Version", "2025-09-03")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = mapper.readTree(r.body());
            n += json.path("results").size();
            cursor = json.path("has_more").asBoolean() ? json.path("next_cursor").asText() : null;
        } while (cursor != null);
        if (n != Math.min(expected, 10_000)) {
            throw new IllegalStateException("raw paging read " + n);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
