package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.live;
import static io.github.notionsync.spring.it.DemoNotion.rows;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests queued in SQL with {@code sync_notion_database(...)} and
 * {@code sync_all_notion_databases(...)}, served by the running application. Polling is set to
 * ten minutes, so a request served within seconds was woken by NOTIFY.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.scheduler.polling-interval=10m"
        })
@DirtiesContext
class SqlQueuedSyncIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @Autowired
    DataSource dataSource;

    @Test
    void queuedRequestsForOneDatabaseAndForAllAreServedAndRecorded() throws Exception {
        String one = value(dataSource, "SELECT sync_notion_database('user-id', ?)", notion.demo.characters().id());
        List<String> served = awaitFinished(one);
        assertThat(served.get(0)).isEqualTo("done");
        assertThat(served.get(1)).as("claimed_by").isNotBlank();
        assertThat(served.get(2)).as("result outcome").isEqualTo("SUCCESS");
        assertThat(served.get(3)).as("databases in the result").isEqualTo("1");
        assertThat(served.get(4)).as("error").isNull();
        assertThat(live(dataSource, "notion_characters_sync", USER)).isPositive()
                .isEqualTo(Integer.parseInt(served.get(5)));
        assertThat(live(dataSource, "notion_worlds_sync", USER)).isZero();

        String all = value(dataSource, "SELECT sync_all_notion_databases('user-id')");
        List<String> everything = awaitFinished(all);
        assertThat(everything.get(0)).isEqualTo("done");
        assertThat(everything.get(2)).isEqualTo("SUCCESS");
        assertThat(everything.get(3)).isEqualTo("4");
        assertThat(live(dataSource, "notion_worlds_sync", USER)).isPositive();
        assertThat(live(dataSource, "notion_stories_sync", USER)).isPositive();
        assertThat(live(dataSource, "notion_chat_sessions_sync", USER)).isPositive();
        assertThat(rows(dataSource, "SELECT * FROM get_notion_character('user-id', 'Aragorn')")).hasSize(1);

        // An edit, then a request by the database's name: the mirror follows.
        String aragorn = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync"
                + " WHERE user_id = ? AND name = 'Aragorn'", USER);
        notion.editLater(aragorn, "Role", "Antagonist");
        assertThat(awaitFinished(value(dataSource, "SELECT sync_notion_database('user-id', 'Characters')")).get(0))
                .isEqualTo("done");
        assertThat(value(dataSource, "SELECT role FROM notion_characters_sync WHERE notion_page_id = ?::uuid",
                aragorn)).isEqualTo("Antagonist");
    }

    @Test
    void aRequestThatCannotBeServedFailsWithItsReason() throws Exception {
        List<String> unknown = awaitFinished(value(dataSource,
                "SELECT sync_notion_database('user-id', 'No such database')"));
        assertThat(unknown.get(0)).isEqualTo("failed");
        assertThat(unknown.get(4)).contains("No database 'No such database' is configured for user user-id");

        List<String> nobody = awaitFinished(value(dataSource, "SELECT sync_all_notion_databases('nobody')"));
        assertThat(nobody.get(0)).isEqualTo("failed");
        assertThat(nobody.get(4)).contains("user nobody");
    }

    /** Status, claimed_by, result outcome, result database count, error, result inserted+unchanged. */
    private List<String> awaitFinished(String requestId) {
        return DemoNotion.awaitServed(dataSource, requestId, "claimed_by, result->>'outcome',"
                + " jsonb_array_length(result->'databases'), error,"
                + " (result->>'inserted')::int + (result->>'unchanged')::int");
    }
}
