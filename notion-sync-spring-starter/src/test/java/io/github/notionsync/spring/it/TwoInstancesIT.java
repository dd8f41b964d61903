package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of one application (two Spring contexts) on one database, both scheduling the
 * sync job every second: each firing is run by exactly one of them, so Notion sees one query per
 * database per firing, not two.
 */
class TwoInstancesIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final String QUERY = "/v1/data_sources/{id}/query";

    @Test
    void eachDueSyncOfAConnectionRunsOnOneInstanceOnly() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        notion.registerPropertiesConnection((name, value) -> properties.put(name, value.get()));
        properties.put("notion.sync.schedule.sync.interval", "1s");
        properties.put("notion.sync.schedule.sync.spread", "0s");
        properties.put("notion.sync.scheduler.polling-interval", "100ms");
        DataSource dataSource = notion.dataSource();
        long t0 = System.nanoTime();
        ConfigurableApplicationContext a = start(properties);
        ConfigurableApplicationContext b = start(properties);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Integer.parseInt(value(dataSource,
                    "SELECT count(*) FROM notion_sync_runs WHERE user_id = ?", USER))).isGreaterThanOrEqualTo(4 * 5));
        } finally {
            a.close();
            b.close();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds() + 1;
        int runs = Integer.parseInt(value(dataSource, "SELECT count(*) FROM notion_sync_runs WHERE user_id = ?", USER));
        // One execution per connection, due every second: at most one sync of each of the four
        // databases per second elapsed, one query each (they hold fewer than 100 pages). Had both
        // instances run each due execution, there would be about twice as many.
        assertThat(runs).isBetween(4 * 5, (int) (4 * seconds));
        assertThat(notion.notion.requestCount("POST", QUERY)).isBetween((long) runs, 4L * seconds);
        // (Whether runs overlap is checked in NotionSyncSchedulerIT, whose engines keep real time;
        // this application's clock is the emulator's, which stands still.)
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(DemoNotion.App.class).web(WebApplicationType.NONE)
                .properties(properties).run();
    }
}
