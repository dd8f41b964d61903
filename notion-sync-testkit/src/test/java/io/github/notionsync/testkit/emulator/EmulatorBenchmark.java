package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Measures how fast the emulator serves 100-page query responses: pages through a generated
 * 100,000-page data source with java.net.http (one client thread, like a sync run), a few times.
 * Not a test; run it with
 * {@code java -cp <test classpath> io.github.notionsync.testkit.emulator.EmulatorBenchmark [pages] [rounds]}.
 */
public final class EmulatorBenchmark {

    private EmulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (NotionEmulator emulator = NotionEmulator.builder().build().start()) {
            String token = emulator.workspace().createToken("benchmark");
            long g0 = System.nanoTime();
            EmulatedDatabase db = emulator.workspace().generate(GeneratorSpec.of(pages).withTitle("Bench"));
            System.out.printf("generated %,d pages in %d ms%n", pages, (System.nanoTime() - g0) / 1_000_000);
            HttpClient client = HttpClient.newHttpClient();
            URI uri = emulator.baseUrl().resolve("/v1/data_sources/" + db.dataSourceIds().get(0) + "/query");
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                long bytes = 0;
                int served = 0;
                int requests = 0;
                String cursor = null;
                // a created_time window per 10,000 pages keeps each query under Notion's result cap
                long firstMinute = (emulator.clock().now().getEpochSecond() / 60) - pages;
                for (int window = 0; window < pages; window += 10_000) {
                    String from = java.time.Instant.ofEpochSecond((firstMinute + window) * 60).toString();
                    String to = java.time.Instant.ofEpochSecond((firstMinute + window + 10_000) * 60).toString();
                    do {
                        String body = "{\"page_size\":100,\"filter\":{\"and\":["
                                + "{\"timestamp\":\"created_time\",\"created_time\":{\"on_or_after\":\"" + from + "\"}},"
                                + "{\"timestamp\":\"created_time\",\"created_time\":{\"before\":\"" + to + "\"}}]}"
                                + (cursor == null ? "" : ",\"start_cursor\":\"" + cursor + "\"") + "}";
                        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .header("Notion-Version", "2025-09-03")
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        requests++;
                        bytes += r.body().length;
                        JsonNode json = Api.JSON.readTree(r.body());
                        served += json.get("results").size();
                        cursor = json.get("next_cursor").isNull() ? null : json.get("next_cursor").asText();
                    } while (cursor != null);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("round %d: %,d pages in %,d requests, %.2f s: %,.0f pages/s, %.1f MB/s%n",
                        round + 1, served, requests, seconds, served / seconds, bytes / seconds / 1e6);
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("heap used after GC: %,d MB%n", (rt.totalMemory() - rt.freeMemory()) / 1_000_000);
        }
    }
}
