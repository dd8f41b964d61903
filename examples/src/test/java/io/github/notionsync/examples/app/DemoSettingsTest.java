package io.github.notionsync.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.TargetKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @Test
    void noTokenMeansTheDemoWorkspaceAsUserId() {
        DemoSettings s = DemoSettings.fromEnvironment(Map.of());
        assertThat(s.emulated()).isTrue();
        assertThat(s.userId()).isEqualTo("user-id");
        assertThat(s.databases()).isEmpty();
        assertThat(s.jdbcUrl()).isNull();
    }

    @Test
    void aTokenWithDatabasesMeansARealWorkspace() {
        DemoSettings s = DemoSettings.fromEnvironment(Map.of("NOTION_TOKEN", "ntn_secret",
                "NOTION_DATABASES", " characters:" + ID + " , My worlds=worlds:https://www.notion.so/ws/Worlds-" + ID
                        + "?v=1,chat-sessions:" + ID,
                "NOTION_SYNC_USER_ID", "writer-1"));
        assertThat(s.emulated()).isFalse();
        assertThat(s.databases()).extracting(DemoSettings.RealDatabase::name)
                .containsExactly("Characters", "My worlds", "Chat sessions");
        assertThat(s.databases()).extracting(DemoSettings.RealDatabase::kind)
                .containsExactly(TargetKind.CHARACTERS, TargetKind.WORLDS, TargetKind.CHAT_SESSIONS);
        Map<String, Object> p = s.connectionProperties();
        assertThat(p).containsEntry("notion.sync.connections[0].user-id", "writer-1")
                .containsEntry("notion.sync.connections[0].databases[1].kind", "WORLDS")
                .doesNotContainKey("notion.sync.base-url");
        assertThat(s.toString()).doesNotContain("ntn_secret");
        DemoSettings url = DemoSettings.fromEnvironment(Map.of("NOTION_TOKEN", "ntn_secret",
                "NOTION_DATABASES", "worlds:https://www.notion.so/ws/Worlds-" + ID + "?v=abc"));
        assertThat(url.databases()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Worlds");
            assertThat(d.id().compact()).isEqualTo(ID);
        });
    }

    @Test
    void mistakesNameTheVariableAndNeverTheToken() {
        assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("NOTION_TOKEN", "ntn_secret")))
                .hasMessageStartingWith("NOTION_TOKEN is set but NOTION_DATABASES is not").hasMessageNotContaining("ntn_secret");
        assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("NOTION_DATABASES", "characters:" + ID)))
                .hasMessageStartingWith("NOTION_DATABASES is set but NOTION_TOKEN is not");
        assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("NOTION_TOKEN", "ntn_secret",
                "NOTION_DATABASES", "characters")))
                .hasMessageContaining("is not kind:id");
        assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("NOTION_TOKEN", "ntn_secret",
                "NOTION_DATABASES", "characters:not-an-id")))
                .hasMessageStartingWith("NOTION_DATABASES entry 'characters:not-an-id'");
        assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("NOTION_API_BASE_URL", "localhost")))
                .hasMessageStartingWith("NOTION_API_BASE_URL must be an absolute");
        assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("NOTION_SYNC_USER_ID", "bad\u0001id")))
                .hasMessageStartingWith("NOTION_SYNC_USER_ID");
    }
}
