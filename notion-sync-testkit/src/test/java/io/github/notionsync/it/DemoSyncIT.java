package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import org.junit.jupiter.api.Test;

class DemoSyncIT {

    @Test
    void theDemoWorkspaceSyncsIntoEveryKind() {
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            InMemorySyncRepository repo = new InMemorySyncRepository();
            try (NotionSync sync = NotionSync.builder().repository(repo).clock(notion.clock().asClock())
                    .connection(new SyncConnection("user-id", HttpNotionClient.builder().token(demo.token())
                                    .baseUrl(notion.baseUrl()).noRateLimit().build(), demo.databaseConfigs()))
                    .build()) {
                SyncReport r = sync.syncAll();
                assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCESS);
                assertThat(r.inserted()).isGreaterThanOrEqualTo(10);
            }
            assertThat(repo.rows("user-id", TargetKind.CHARACTERS)).anySatisfy(row -> {
                assertThat(row.record().title()).isEqualTo("Aragorn");
                assertThat(row.record().fields()).containsEntry("role", "Protagonist");
                assertThat(row.record().contentMarkdown()).isNotEmpty();
            });
            assertThat(repo.rows("user-id", TargetKind.WORLDS)).anySatisfy(row ->
                    assertThat(row.record().title()).contains("fantasy"));
            assertThat(repo.rows("user-id", TargetKind.STORIES)).anySatisfy(row ->
                    assertThat(row.record().contentText()).contains("magic system"));
            assertThat(repo.rows("user-id", TargetKind.CHAT_SESSIONS)).extracting(row ->
                    row.record().fields().get("is_temporary")).contains(true, false);
        }
    }
}
