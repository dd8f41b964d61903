package io.github.notionsync.testkit.notion;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo workspace of a creative-writing app: Characters (Aragorn among them), Worlds (one a
 * "high fantasy" world), Stories (one about a "magic system") and Chat sessions (some
 * temporary), with content and relations.
 *
 * @param token the integration token to use
 * @param characters the Characters database id
 * @param worlds the Worlds database id
 * @param stories the Stories database id
 * @param chatSessions the Chat sessions database id
 */
public record DemoWorkspace(String token, String characters, String worlds, String stories, String chatSessions) {

    /** Fills {@code notion}'s workspace with the demo data and returns its token and database ids. */
    public static DemoWorkspace load(NotionEmulator notion) {
        Workspace w = notion.workspace();
        String token = w.createToken("notion-sync demo");
        EmulatedDatabase worlds = w.createDatabase("Worlds", Map.of("Description", "rich_text", "Genre", "select",
                "Tags", "multi_select"));
        String middleEarth = worlds.addPage(Map.of("Name", "Middle-earth (high fantasy)", "Description",
                "A world of elves, dwarves and men, shaped by old songs.", "Genre", "Fantasy",
                "Tags", List.of("epic", "ancient")), List.of(
                Block.heading(1, "Geography"), Block.paragraph("The Misty Mountains split the land from north to"
                        + " south; the Shire lies to the west."),
                Block.heading(2, "Magic"), Block.paragraph("Magic is rare and old: rings, staffs and songs.")));
        String harbor = worlds.addPage(Map.of("Name", "Neon Harbor", "Description",
                "A rain-soaked port city run by shipping guilds.", "Genre", "Cyberpunk", "Tags", List.of("noir")),
                List.of(Block.paragraph("Every street ends at the water.")));
        EmulatedDatabase characters = w.createDatabase("Characters", Map.of("Description", "rich_text",
                "Role", "select", "Tags", "multi_select", "World", "relation"));
        characters.addPage(Map.of("Name", "Aragorn", "Description", "Heir of Isildur, ranger of the North.",
                "Role", "Ranger", "Tags", List.of("dunedain", "king"), "World", List.of(middleEarth)), List.of(
                Block.paragraph("Raised in Rivendell, Aragorn walks the wild as Strider."),
                Block.bullet("Sword: Andúril", Block.bullet("reforged from Narsil")), Block.bullet("Bow: none")));
        characters.addPage(Map.of("Name", "Legolas", "Description", "Elf of the Woodland Realm.", "Role", "Archer",
                "Tags", List.of("elf"), "World", List.of(middleEarth)), List.of(Block.paragraph("Keen eyes, light feet.")));
        characters.addPage(Map.of("Name", "Gimli", "Description", "Dwarf of the Lonely Mountain.", "Role", "Warrior",
                "Tags", List.of("dwarf"), "World", List.of(middleEarth)), List.of(Block.paragraph("Axe in hand.")));
        characters.addPage(Map.of("Name", "Mara Voss", "Description", "Smuggler captain of Neon Harbor.",
                "Role", "Captain", "Tags", List.of("smuggler"), "World", List.of(harbor)),
                List.of(Block.paragraph("She owes the guilds more than money.")));
        EmulatedDatabase stories = w.createDatabase("Stories", Map.of("Summary", "rich_text", "Status", "status",
                "Genre", "select", "Tags", "multi_select"));
        stories.addPage(Map.of("Name", "The Rune Engine", "Summary", "How the magic system of spoken runes works.",
                "Status", "Drafting", "Genre", "Fantasy", "Tags", List.of("worldbuilding")), List.of(
                Block.heading(1, "The magic system"),
                Block.paragraph("Every spell is a rune spoken aloud; every rune costs the speaker a memory."),
                Block.toggle("Rules", Block.bullet("No rune twice in a day"), Block.bullet("Runes fade at sea")),
                Block.quote("What you cast, you forget.")));
        stories.addPage(Map.of("Name", "Harbour Nights", "Summary", "A heist on the night of the tide festival.",
                "Status", "Idea", "Genre", "Cyberpunk"), List.of(Block.paragraph("Mara needs a crew.")));
        EmulatedDatabase chats = w.createDatabase("Chat sessions", Map.of("Temporary", "checkbox",
                "Characters", "multi_select"));
        chats.addPage(Map.of("Name", "Brainstorm: rune costs", "Temporary", false, "Characters", List.of("Aragorn")),
                List.of(Block.paragraph("What if forgetting is the price of power?")));
        chats.addPage(Map.of("Name", "Scratch chat", "Temporary", true, "Characters", List.of()),
                List.of(Block.paragraph("Testing a few names.")));
        notion.clock().advance(Duration.ofMinutes(1));
        return new DemoWorkspace(token, characters.id(), worlds.id(), stories.id(), chats.id());
    }
}
