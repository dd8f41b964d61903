package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook tables stay small: event ids for as long as they are needed, the newest verification tokens. */
class WebhookTablesIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;
    private static NotionSyncQueries queries;

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
        queries = NotionSyncQueries.create(ds);
    }

    @Test
    void anEventIdIsFirstOnceAndForgottenWhenItsTimeHasPassed() throws Exception {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        Instant forget = now.minus(Duration.ofMinutes(10));
        assertThat(queries.firstWebhookDelivery("56c3e00c-4f0c-4566-9676-4b058a50a03d", now, forget)).isTrue();
        assertThat(queries.firstWebhookDelivery("56c3e00c-4f0c-4566-9676-4b058a50a03d", now, forget)).isFalse();
        assertThat(queries.firstWebhookDelivery("ea6b8136-1db6-4f2e-b157-84a532437f62", now.minusSeconds(30), forget))
                .isTrue();
        assertThat(ids()).hasSize(2);

        // Twenty minutes on, both are older than what is remembered: gone as the next one comes in.
        Instant later = now.plus(Duration.ofMinutes(20));
        assertThat(queries.firstWebhookDelivery("367cba44-b6f3-4c92-81e7-6a2e9659efd4", later,
                later.minus(Duration.ofMinutes(10)))).isTrue();
        assertThat(ids()).containsExactly("367cba44-b6f3-4c92-81e7-6a2e9659efd4");

        assertThatThrownBy(() -> queries.firstWebhookDelivery("x".repeat(201), now, forget))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheNewestTenVerificationTokensAreKept() throws Exception {
        for (int i = 1; i <= 25; i++) {
            queries.storeWebhookVerificationToken("secret_" + i, 10);
        }
        List<String> kept = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT verification_token FROM notion_sync_webhook_verifications ORDER BY received_at DESC")) {
            while (rs.next()) {
                kept.add(rs.getString(1));
            }
        }
        assertThat(kept).hasSize(10).first().isEqualTo("secret_25");
        assertThat(kept).last().isEqualTo("secret_16");
    }

    private static List<String> ids() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT event_id FROM notion_sync_webhook_events ORDER BY event_time")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
