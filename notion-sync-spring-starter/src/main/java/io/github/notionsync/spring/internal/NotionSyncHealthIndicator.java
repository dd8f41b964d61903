package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.spi.SyncRunRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator health: the last run of each database; DOWN when some database's last three runs all
 * failed.
 */
public final class NotionSyncHealthIndicator extends AbstractHealthIndicator {

    private static final int FAILURES_FOR_DOWN = 3;

    private final NotionSync sync;

    public NotionSyncHealthIndicator(NotionSync sync) {
        super("notion-sync health check failed");
        this.sync = sync;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean down = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (var connection : sync.connections()) {
            List<SyncRunRecord> runs = sync.repository().recentRuns(connection.userId(), 200);
            for (DatabaseConfig db : connection.databases()) {
                List<SyncRunRecord> mine = runs.stream().filter(r -> r.report().databaseId().equals(db.id()))
                        .limit(FAILURES_FOR_DOWN).toList();
                Map<String, Object> d = new LinkedHashMap<>();
                if (mine.isEmpty()) {
                    d.put("last_outcome", "never synced");
                } else {
                    d.put("last_outcome", mine.get(0).report().outcome().name());
                    d.put("last_run", mine.get(0).report().startedAt().toString());
                    d.put("last_error", mine.get(0).report().errorMessage());
                    if (mine.size() == FAILURES_FOR_DOWN
                            && mine.stream().allMatch(r -> r.report().outcome() == SyncOutcome.FAILED)) {
                        down = true;
                    }
                }
                details.put(connection.userId() + "/" + db.name(), d);
            }
        }
        (down ? builder.down() : builder.up()).withDetails(details);
    }
}
