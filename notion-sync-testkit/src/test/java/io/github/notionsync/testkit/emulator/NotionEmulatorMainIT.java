package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The standalone emulator's command line, in process (EmulatorJarIT runs the jar itself). */
class NotionEmulatorMainIT {

    private static NotionEmulator start(String... args) {
        return NotionEmulatorMain.start(args, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    @Test
    void theStandaloneClockMovesWithRealTime() {
        try (NotionEmulator emulator = start("--port", "0", "--demo")) {
            assertThat(emulator.clock().realTime()).isTrue();
            Instant before = emulator.clock().now();
            assertThat(before).isBeforeOrEqualTo(Instant.now());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
                    .until(() -> emulator.clock().now().isAfter(before));
            // tests still move it
            Instant moved = emulator.clock().now().plusSeconds(3600);
            emulator.clock().set(moved);
            assertThat(emulator.clock().now()).isBetween(moved, moved.plusSeconds(60));
        }
        try (NotionEmulator inTests = NotionEmulator.builder().build()) {
            Instant still = inTests.clock().now();
            assertThat(inTests.clock().realTime()).isFalse();
            org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(50))
                    .atMost(java.time.Duration.ofSeconds(1)).until(() -> inTests.clock().now().equals(still));
        }
    }

    @Test
    void faultOptionsBecomeFaults() {
        try (NotionEmulator emulator = start("--port", "0", "--fault", "GET /v1/pages/{id}=503x2,429:5:"
                + Fault.WORKSPACE_RATE_LIMIT + ",slow:10,drop,malformed,vanish,409,500,502,504,529:3",
                "--fault", "*=500", "--random-fault", "POST=0.5:500,503")) {
            Faults faults = emulator.faults();
            assertThat(faults.pending()).isEqualTo(13);
            assertThat(faults.take("GET", "/v1/pages/{id}")).isEqualTo(Fault.status(503));
            assertThat(faults.take("GET", "/v1/pages/{id}")).isEqualTo(Fault.status(503));
            assertThat(faults.take("GET", "/v1/pages/{id}"))
                    .isEqualTo(Fault.rateLimited(5, Fault.WORKSPACE_RATE_LIMIT));
            assertThat(faults.take("GET", "/v1/pages/{id}")).isEqualTo(Fault.slow(java.time.Duration.ofMillis(10)));
        }
    }

    @Test
    void malformedOptionsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> start("--port", "0", "--fault", "GET /v1/page/{id}=500"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown endpoint /v1/page/{id}");
        assertThatThrownBy(() -> start("--port", "0", "--fault", "GET=418"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("418");
        assertThatThrownBy(() -> start("--port", "0", "--fault", "GET=explode"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown fault 'explode'");
        assertThatThrownBy(() -> start("--port", "0", "--random-fault", "GET=often:500"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROBABILITY");
        assertThatThrownBy(() -> start("--port", "0", "--relations-per-page", "30"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--generate");
        assertThatThrownBy(() -> start("--port", "0", "--generate", "10", "--relations-per-page", "101"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relationsPerPage");
        assertThatThrownBy(() -> start("--colour")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option --colour");
    }
}
