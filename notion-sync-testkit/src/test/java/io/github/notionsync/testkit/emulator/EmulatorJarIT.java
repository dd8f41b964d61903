package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The standalone emulator jar (built by {@code package}), run as its users run it: a separate process. */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmulatorJarIT {

    /** Every process a test started, ended after it whatever happened. */
    private final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void endProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** A running jar: its process and what it printed up to its database list. */
    private record Running(Process process, List<String> output) implements AutoCloseable {

        URI baseUrl() {
            return URI.create(line("Notion emulator: ").substring("Notion emulator: ".length()));
        }

        String token() {
            return line("NOTION_TOKEN=").substring("NOTION_TOKEN=".length());
        }

        /** The first data source id printed for a database. */
        String dataSource(String title) {
            String l = line("database " + title + ": ");
            return l.substring(l.indexOf("(data source ") + "(data source ".length(), l.length() - 1);
        }

        String line(String prefix) {
            return output.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("No line " + prefix + " in " + output));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-emulator.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("No target/*-emulator.jar: run the package phase first"));
        }
    }

    private static ProcessBuilder javaJar(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** Starts the jar and reads its output until the line after which it only serves. */
    private Running start(String lastLinePrefix, String... args) throws IOException {
        Process process = javaJar(args).start();
        started.add(process);
        List<String> output = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            output.add(line);
            if (line.startsWith(lastLinePrefix)) {
                return new Running(process, output);
            }
        }
        throw new AssertionError("The emulator jar stopped before printing " + lastLinePrefix + ": " + output);
    }

    @Test
    void injectsFaultsGivenOnTheCommandLine() throws Exception {
        try (Running jar = start("NOTION_TOKEN=", "--port", "0", "--fault", "GET /v1/users/me=503,429:2x2",
                "--fault", "/v1/search=drop", "--random-fault", "GET /v1/users=1:500")) {
            Api api = new Api(jar.baseUrl(), jar.token(), Api.V2025);
            assertThat(api.get("/v1/users/me").status()).isEqualTo(503);
            for (int i = 0; i < 2; i++) {
                Api.Response limited = api.get("/v1/users/me");
                assertThat(limited.status()).isEqualTo(429);
                assertThat(limited.header("Retry-After")).isEqualTo("2");
            }
            assertThat(api.get("/v1/users/me").status()).isEqualTo(200);
            assertThat(api.get("/v1/users").status()).isEqualTo(500);
            assertThat(api.get("/v1/users").status()).isEqualTo(500);
        }
    }

    @Test
    void generatesRelationsPerPageGivenOnTheCommandLine() throws Exception {
        try (Running jar = start("database Generated", "--port", "0", "--generate", "40",
                "--relations-per-page", "30")) {
            Api api = new Api(jar.baseUrl(), jar.token(), Api.V2025);
            JsonNode page = api.post("/v1/data_sources/" + jar.dataSource("Generated") + "/query",
                    Map.of("page_size", 1)).body().get("results").get(0);
            JsonNode related = page.get("properties").get("Related");
            assertThat(related.get("relation")).hasSize(25);
            assertThat(related.get("has_more").asBoolean()).isTrue();
            JsonNode items = api.get("/v1/pages/" + page.get("id").asText() + "/properties/"
                    + related.get("id").asText()).body();
            assertThat(items.get("results")).hasSize(30);
        }
    }

    @Test
    void theDemoIsNeverInTheFutureOfRealTime() throws Exception {
        try (Running jar = start("database Chat sessions", "--port", "0", "--demo")) {
            Api api = new Api(jar.baseUrl(), jar.token(), Api.V2025);
            JsonNode chats = api.post("/v1/data_sources/" + jar.dataSource("Chat sessions") + "/query",
                    Map.of("sorts", List.of(Map.of("timestamp", "last_edited_time", "direction", "descending"))))
                    .body();
            Instant latest = OffsetDateTime.parse(chats.get("results").get(0).get("last_edited_time").asText())
                    .toInstant();
            assertThat(latest).isBeforeOrEqualTo(Instant.now());
        }
    }

    @Test
    void usageNamesEveryOption() throws Exception {
        Process help = javaJar("--help").start();
        started.add(help);
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(usage).contains("--port", "--host", "--demo", "--generate", "--relations-per-page",
                "--rate-limit", "--fault", "--random-fault", "--fault-seed");
    }
}
