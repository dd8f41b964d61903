package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.spi.SyncRunRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator health: DOWN when syncs keep failing everywhere, that is when every database that has
 * run has failed its last three runs (Notion or the database unreachable, a revoked token in a
 * single-workspace app). One user's failing database among others that sync (a multi-user app
 * whose user revoked the integration) leaves it UP, with the count of failing databases. The last
 * run of each database is listed for up to 20 databases; beyond that, only the counts.
 */
public final class NotionSyncHealthIndicator extends AbstractHealthIndicator {

    private static final int FAILURES_FOR_DOWN = 3;
    private static final int MAX_LISTED = 20;

    private final NotionSync sync;

    public NotionSyncHealthIndicator(NotionSync sync) {
        super("notion-sync health check failed");
        this.sync = sync;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<SyncConnection> connections = sync.connections();
        int total = connections.stream().mapToInt(c -> c.databases().size()).sum();
        Map<String, List<SyncRunRecord>> runsByUser = new HashMap<>();
        Map<String, Object> listed = new LinkedHashMap<>();
        int ran = 0;
        int failing = 0;
        for (SyncConnection connection : connections) {
            List<SyncRunRecord> runs = runsByUser.computeIfAbsent(connection.userId(),
                    u -> sync.repository().recentRuns(u, 200));
            for (DatabaseConfig db : connection.databases()) {
                List<SyncRunRecord> mine = runs.stream().filter(r -> r.report().databaseId().equals(db.id()))
                        .limit(FAILURES_FOR_DOWN).toList();
                Map<String, Object> d = new LinkedHashMap<>();
                if (mine.isEmpty()) {
                    d.put("last_outcome", "never synced");
                } else {
                    ran++;
                    d.put("last_outcome", mine.get(0).report().outcome().name());
                    d.put("last_run", mine.get(0).report().startedAt().toString());
                    d.put("last_error", mine.get(0).report().errorMessage());
                    if (mine.size() == FAILURES_FOR_DOWN
                            && mine.stream().allMatch(r -> r.report().outcome() == SyncOutcome.FAILED)) {
                        failing++;
                    }
                }
                if (total <= MAX_LISTED) {
                    listed.put(connection.userId() + "/" + db.name(), d);
                }
            }
        }
        boolean down = failing > 0 && failing == ran;
        (down ? builder.down() : builder.up()).withDetail("databases", total).withDetail("failing", failing)
                .withDetails(listed);
    }
}
