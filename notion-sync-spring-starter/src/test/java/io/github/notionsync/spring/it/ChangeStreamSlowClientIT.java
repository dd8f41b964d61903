package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.notionsync.spring.internal.ChangeStreams;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A client that does not read its event stream is dropped once its queue is full; nothing waits for it. */
@SpringBootTest(classes = {DemoNotion.App.class, ChangeEventsIT.Users.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.events.queue-size=5"
        })
@DirtiesContext
class ChangeStreamSlowClientIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ChangeStreams streams;

    @Autowired
    DataSource dataSource;

    @Test
    void aClientThatStopsReadingIsDroppedAndTheWritesDoNotWait() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setReceiveBufferSize(4096);
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/notion/events HTTP/1.1\r\nHost: localhost\r\nX-User: " + USER
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
            // Many changes of this user at once; the client reads none of them.
            long t0 = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO notion_pages_sync (user_id, notion_page_id, content_hash, title)"
                        + " SELECT '" + USER + "', gen_random_uuid(), 'h', 'Page ' || g || ' " + "x".repeat(150)
                        + "' FROM generate_series(1, 20000) g");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the write did not wait for the client")
                    .isLessThan(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.openStreams() == 0);
        }
    }
}
