package io.github.notionsync.testkit.emulator;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.TargetKind;

/**
 * The demo workspace of a creative-writing app: Characters (Aragorn among them), Worlds (one with
 * "fantasy" in its name), Stories (one about a "magic system") and Chat sessions (some temporary),
 * related to each other, with block content and every property type somewhere.
 *
 * @param token the bearer token of the demo integration ({@link #TOKEN})
 * @param characters the Characters database
 * @param worlds the Worlds database
 * @param stories the Stories database
 * @param chatSessions the Chat sessions database
 */
public record DemoWorkspace(String token, EmulatedDatabase characters, EmulatedDatabase worlds,
        EmulatedDatabase stories, EmulatedDatabase chatSessions) {

    /** The demo integration's token, the same on every run. */
    public static final String TOKEN = "ntn_demo0notion0sync0emulator0token0000000000000";

    /** The application user who owns the demo workspace, as the writing app's sync tables record it. */
    public static final String OWNER_USER_ID = "user-id";

    /** The four databases. */
    public java.util.List<EmulatedDatabase> databases() {
        return java.util.List.of(characters, worlds, stories, chatSessions);
    }

    /**
     * The four databases as notion-sync mirrors them: their names, target kinds, and the property
     * names that differ from the kinds' defaults (a character's description is its Bio, its tags
     * its Traits).
     */
    public java.util.List<DatabaseConfig> databaseConfigs() {
        return java.util.List.of(
                new DatabaseConfig(NotionId.parse(characters.id()), "Characters", new PropertyMapping(
                        TargetKind.CHARACTERS, java.util.Map.of("description", "Bio", "tags", "Traits"))),
                DatabaseConfig.of("Worlds", worlds.id(), TargetKind.WORLDS),
                DatabaseConfig.of("Stories", stories.id(), TargetKind.STORIES),
                DatabaseConfig.of("Chat sessions", chatSessions.id(), TargetKind.CHAT_SESSIONS));
    }
}
