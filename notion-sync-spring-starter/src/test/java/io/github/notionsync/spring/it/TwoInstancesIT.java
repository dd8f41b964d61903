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
    void eachScheduledSyncRunsOnOneInstanceOnly() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        notion.registerPropertiesConnection((name, value) -> properties.put(name, value.get()));
        properties.put("notion.sync.schedule.sync.cron", "* * * * * *");
        properties.put("notion.sync.requests.enabled", "false");
        ConfigurableApplicationContext a = start(properties);
        ConfigurableApplicationContext b = start(properties);
        DataSource dataSource = notion.dataSource();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Integer.parseInt(value(dataSource,
                    "SELECT count(*) FROM notion_sync_job_runs WHERE job_name = 'sync-notion-databases'"
                            + " AND outcome = 'done'"))).isGreaterThanOrEqualTo(5));
        } finally {
            a.close();
            b.close();
        }
        int done = Integer.parseInt(value(dataSource, "SELECT count(*) FROM notion_sync_job_runs"
                + " WHERE job_name = 'sync-notion-databases' AND outcome = 'done'"));
        int claimed = Integer.parseInt(value(dataSource, "SELECT count(*) FROM notion_sync_job_runs"
                + " WHERE job_name = 'sync-notion-databases'"));
        int runs = Integer.parseInt(value(dataSource, "SELECT count(*) FROM notion_sync_runs WHERE user_id = ?", USER));
        // A firing syncs each of the four databases at most once, with one query each (they hold
        // fewer than 100 pages); a database still being synced from the previous firing, on the
        // other instance, is skipped. Had both instances run each firing, there would be up to
        // twice as many runs and queries.
        // (Bounds rather than equality: a firing cut short by the shutdown may leave a run without
        // its query, or a claimed firing without runs.)
        assertThat(done).isGreaterThanOrEqualTo(5);
        assertThat(runs).isBetween(4, 4 * claimed);
        assertThat(notion.notion.requestCount("POST", QUERY)).isBetween(4L, 4L * claimed);
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(DemoNotion.App.class).web(WebApplicationType.NONE)
                .properties(properties).run();
    }
}
