package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.NotionDatabase;
import io.github.notionsync.client.NotionMalformedResponseException;
import io.github.notionsync.client.NotionObjectNotFoundException;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.client.NotionUnauthorizedException;
import io.github.notionsync.client.PageQuery;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.testkit.emulator.Block;
import io.github.notionsync.testkit.emulator.EmulatedDataSource;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.Fault;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** HttpNotionClient against the emulator over real HTTP. */
class HttpNotionClientIT {

    private NotionEmulator notion;
    private String token;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        token = notion.workspace().createToken("client-tests");
    }

    @AfterEach
    void stop() {
        notion.close();
    }

    private HttpNotionClient client(NotionApiVersion version) {
        return HttpNotionClient.builder().token(token).baseUrl(notion.baseUrl()).apiVersion(version).noRateLimit()
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMinutes(1)))
                .build();
    }

    private EmulatedDatabase database(int pages) {
        EmulatedDatabase db = notion.workspace().createDatabase("Characters", Schema.builder().select("Role").build());
        for (int i = 0; i < pages; i++) {
            db.addPage(Map.of("Name", "Character " + i, "Role", i % 2 == 0 ? "Ranger" : "Wizard"));
            if (i % 40 == 39) {
                notion.clock().advance(Duration.ofMinutes(1));
            }
        }
        return db;
    }

    @Test
    void pagesThroughEveryResultLazilyUnderBothVersions() {
        EmulatedDatabase db = database(250);
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            List<NotionPage> pages = c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).toList();
            assertThat(pages).hasSize(250);
            assertThat(pages.stream().map(NotionPage::id).collect(Collectors.toSet())).hasSize(250);
            assertThat(pages.get(0).dataSourceId()).isNotNull();
            assertThat(notion.requestCount("POST", "/v1/data_sources/{id}/query")).isEqualTo(3);
            assertThat(notion.requestCount("GET", "/v1/databases/{id}")).isEqualTo(1);

            // Lazy: reading two pages costs one request.
            notion.resetRequests();
            assertThat(c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).limit(2).count()).isEqualTo(2);
            assertThat(notion.requestCount("POST", "/v1/data_sources/{id}/query")).isEqualTo(1);
        }
        try (HttpNotionClient c = client(NotionApiVersion.V2022_06_28)) {
            notion.resetRequests();
            List<NotionPage> pages = c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).toList();
            assertThat(pages).hasSize(250);
            assertThat(pages.get(0).dataSourceId()).isNull();
            assertThat(notion.requestCount("POST", "/v1/databases/{id}/query")).isEqualTo(3);
            NotionDatabase meta = c.retrieveDatabase(NotionId.parse(db.id()));
            assertThat(meta.properties()).isNotNull();
            assertThat(meta.dataSources()).singleElement().satisfies(d -> assertThat(d.id().value()).isEqualTo(db.id()));
        }
        try (HttpNotionClient c = client(NotionApiVersion.V2026_03_11)) {
            NotionPage p = c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).findFirst().orElseThrow();
            assertThat(p.raw().has("archived")).isFalse();
            assertThat(p.raw().has("in_trash")).isTrue();
        }
    }

    @Test
    void everyDataSourceOfADatabaseIsRead() {
        EmulatedDatabase db = database(30);
        EmulatedDataSource second = db.addDataSource("Archived characters", Schema.builder().richText("Era").build());
        for (int i = 0; i < 20; i++) {
            second.addPage(Map.of("Name", "Old " + i));
        }
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            assertThat(c.retrieveDatabase(NotionId.parse(db.id())).dataSources()).hasSize(2);
            assertThat(c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).count()).isEqualTo(50);
            assertThat(c.retrieveDataSource(NotionId.parse(second.id())).properties().has("Era")).isTrue();
        }
    }

    @Test
    void queriesContinuePastTheTenThousandResultCap() {
        EmulatedDatabase db = database(10_130);
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            Set<NotionId> ids = new HashSet<>();
            long count = c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).peek(p -> ids.add(p.id())).count();
            assertThat(count).isEqualTo(10_130);
            assertThat(ids).hasSize(10_130);
        }
    }

    @Test
    void incrementalQueriesFilterOnTheEditTime() {
        EmulatedDatabase db = database(100);
        notion.clock().advance(Duration.ofMinutes(10));
        var since = notion.clock().now();
        String edited = db.addPage(Map.of("Name", "Newcomer")).id();
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            List<NotionPage> pages = c.queryDatabase(NotionId.parse(db.id()), PageQuery.editedSince(since)).toList();
            assertThat(pages).extracting(p -> p.id().value()).containsExactly(edited);
        }
    }

    @Test
    void everyRetryableFaultIsRecoveredWithNothingLost() {
        EmulatedDatabase db = database(450);
        notion.faults().next("POST", "/v1/data_sources/{id}/query", Fault.rateLimited(0), Fault.status(500),
                Fault.status(502), Fault.status(503), Fault.status(504), Fault.overloaded(0), Fault.dropConnection(),
                Fault.malformedBody());
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            List<NotionPage> pages = c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).toList();
            assertThat(pages.stream().map(NotionPage::id).distinct()).hasSize(450);
            assertThat(c.statistics().retries()).isEqualTo(8);
            assertThat(c.statistics().rateLimited()).isEqualTo(2);
        }
    }

    @Test
    void retryAfterIsHonoured() {
        EmulatedDatabase db = database(5);
        notion.faults().next("GET", "/v1/databases/{id}", Fault.rateLimited(2));
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            long t0 = System.nanoTime();
            c.retrieveDatabase(NotionId.parse(db.id()));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
        }
    }

    @Test
    void nonRetryableErrorsSurfaceAtOnceWithTheirType() {
        EmulatedDatabase db = database(3);
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            assertThatThrownBy(() -> c.retrieveDatabase(NotionId.parse("393abc1eedcd80f3813be205934558c6")))
                    .isInstanceOf(NotionObjectNotFoundException.class)
                    .hasMessageContaining("share the database with the integration");
            assertThat(notion.requestCount("GET", "/v1/databases/{id}")).isEqualTo(1);

            db.unshareWith(token);
            assertThatThrownBy(() -> c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).toList())
                    .isInstanceOf(NotionObjectNotFoundException.class);
            db.shareWith(token);

            notion.workspace().revokeToken(token);
            assertThatThrownBy(() -> c.retrieveDatabase(NotionId.parse(db.id())))
                    .isInstanceOf(NotionUnauthorizedException.class)
                    .hasMessageContaining("401 unauthorized")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
    }

    @Test
    void persistentlyMalformedAnswersGiveATypedError() {
        EmulatedDatabase db = database(3);
        notion.faults().next("GET", "/v1/databases/{id}", 10, Fault.malformedBody());
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            assertThatThrownBy(() -> c.retrieveDatabase(NotionId.parse(db.id())))
                    .isInstanceOf(NotionMalformedResponseException.class)
                    .hasMessageContaining("malformed response");
        }
    }

    @Test
    void rateLimitedClientNeverGets429FromAServerEnforcingTheSameRate() throws Exception {
        // Same sustained rate on both sides. The server's larger burst absorbs scheduling jitter
        // between the client taking a permit and the request arriving (up to about 200 ms on a
        // loaded 2-core machine); a client that did not limit itself would still far exceed it.
        try (NotionEmulator limited = NotionEmulator.builder().rateLimit(30, 10).build().start()) {
            String t = limited.workspace().createToken("rate");
            EmulatedDatabase db = limited.workspace().createDatabase("Rate", Schema.builder().build());
            db.addPage(Map.of("Name", "x"));
            try (HttpNotionClient c = HttpNotionClient.builder().token(t).baseUrl(limited.baseUrl())
                    .rateLimit(new RateLimit(30, 3)).retryPolicy(RetryPolicy.none()).build()) {
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    Thread th = new Thread(() -> {
                        for (int i = 0; i < 100; i++) {
                            c.retrieveDatabase(NotionId.parse(db.id()));
                        }
                    });
                    threads.add(th);
                    th.start();
                }
                for (Thread th : threads) {
                    th.join();
                }
                assertThat(c.statistics().requests()).isEqualTo(300);
                assertThat(c.statistics().rateLimited()).isZero();
            }
        }
    }

    @Test
    void truncatedRelationsAreCompletedAndContentIsReadAsATree() {
        EmulatedDatabase targets = notion.workspace().createDatabase("Worlds", Schema.builder().build());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(targets.addPage(Map.of("Name", "World " + i)).id());
        }
        EmulatedDatabase db = notion.workspace().createDatabase("Characters",
                Schema.builder().relation("Worlds", targets).build());
        String page = db.addPage(Map.of("Name", "Wanderer", "Worlds", ids),
                Block.heading(1, "Travels"),
                Block.toggle("Places", Block.bulletedListItem("North", Block.bulletedListItem("Far north")),
                        Block.bulletedListItem("South")),
                Block.paragraph("The end.")).id();
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            NotionPage p = c.retrievePage(NotionId.parse(page));
            JsonNode relation = p.properties().path("Worlds");
            assertThat(relation.path("relation")).hasSize(25);
            assertThat(relation.path("has_more").asBoolean()).isTrue();
            JsonNode complete = c.retrievePropertyValue(p.id(), relation.path("id").asText());
            assertThat(complete.path("relation")).hasSize(30);

            BlockTree tree = c.retrieveBlockTree(p.id(), 5, 100);
            assertThat(tree.blocks()).hasSize(3);
            assertThat(tree.blocks().get(1).children()).hasSize(2);
            assertThat(tree.blocks().get(1).children().get(0).children()).hasSize(1);
            assertThat(tree.blockCount()).isEqualTo(6);
            assertThat(tree.truncated()).isFalse();
            BlockTree shallow = c.retrieveBlockTree(p.id(), 1, 100);
            assertThat(shallow.truncated()).isTrue();
            assertThat(c.listUsers().count()).isPositive();
            assertThat(c.search("Wanderer", true).count()).isEqualTo(1);
        }
    }

    @Test
    void theTokenNeverAppearsInLogsOrMessages() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.github.notionsync");
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            EmulatedDatabase db = database(3);
            notion.faults().next("GET", "/v1/databases/{id}", Fault.status(500));
            try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
                c.retrieveDatabase(NotionId.parse(db.id()));
                assertThatThrownBy(() -> c.retrievePage(NotionId.parse("393abc1eedcd80f3813be205934558c6")))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
                assertThat(c.toString()).doesNotContain(token);
            }
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(token));
    }
}
