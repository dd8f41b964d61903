package io.github.notionsync.testkit.emulator;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Builds the demo writing workspace through the public API. The workspace is history: it was
 * written over the {@link #SPAN} before the clock's time at loading, and loading leaves the clock
 * where it was, so no timestamp or date of it lies in the clock's future (only the "Expires"
 * formula, a retention deadline, does).
 */
final class DemoData {

    /** How long before the loading time the demo's first database was created. */
    static final Duration SPAN = Duration.ofMinutes(29);

    private DemoData() {
    }

    static DemoWorkspace load(EmulatedWorkspace ws, Store store) {
        store.putToken(DemoWorkspace.TOKEN, "notion-sync demo");
        EmulatorClock clock = store.clock;
        LocalDate loadDay = LocalDate.ofInstant(clock.now(), java.time.ZoneOffset.UTC);
        // back to when the writing began; the steps below add up to SPAN and bring the clock back
        clock.set(clock.now().minus(SPAN));
        String maya = ws.addPerson("Maya Quill", "maya@example.com");
        String leo = ws.addPerson("Leo Marsh", "leo@example.com");

        EmulatedDatabase worlds = ws.createDatabase("Worlds", "\uD83C\uDF0D", Schema.builder("Name")
                .select("Genre", "High fantasy", "Science fiction", "Urban fantasy", "Historical")
                .richText("Description")
                .number("Magic level")
                .url("Map")
                .place("Capital")
                .verification("Canon check")
                .createdBy("Created by")
                .lastEditedBy("Last edited by")
                .build());
        EmulatedDatabase characters = ws.createDatabase("Characters", "\uD83E\uDDD9", Schema.builder("Name")
                .select("Role", "Protagonist", "Mentor", "Antagonist", "Companion")
                .select("Race", "Human", "Elf", "Dwarf", "Hobbit", "Maia")
                .number("Age")
                .richText("Bio")
                .multiSelect("Traits", "Brave", "Wise", "Stubborn", "Loyal", "Cunning", "Curious")
                .status("Status", "Draft", "In review", "Final")
                .relation("World", worlds)
                .files("Portrait")
                .createdTime("Created")
                .lastEditedTime("Last edited")
                .uniqueId("ID", "CHR")
                .build());
        EmulatedDatabase stories = ws.createDatabase("Stories", "\uD83D\uDCD6", Schema.builder("Title")
                .richText("Summary")
                .multiSelect("Genre", "Fantasy", "Adventure", "Mystery", "Science fiction", "Worldbuilding")
                .status("Status", "Idea", "Drafting", "Published")
                .number("Word count")
                .date("Published on")
                .people("Author")
                .relation("Characters", characters)
                .relation("World", worlds)
                .rollup("Character count", "Characters", "Name", "count")
                .rollup("Cast", "Characters", "Name", "show_original")
                .formula("Reading minutes", "round(prop(\"Word count\") / 250)", "number")
                .checkbox("Featured")
                .email("Editor email")
                .phoneNumber("Editor phone")
                .button("Send to editor")
                .build());
        EmulatedDatabase chats = ws.createDatabase("Chat sessions", "\uD83D\uDCAC", Schema.builder("Name")
                .richText("Topic")
                .checkbox("Temporary")
                .date("Started")
                .number("Messages")
                .relation("Story", stories)
                .relation("Characters", characters)
                .people("Participants")
                .formula("Retention", "if(prop(\"Temporary\"), \"Delete after 24h\", \"Keep\")", "string")
                .formula("Expires", "dateAdd(prop(\"Started\"), 1, \"days\")", "date")
                .formula("Long chat", "prop(\"Messages\") > 20", "boolean")
                .createdTime("Created")
                .lastEditedTime("Last edited")
                .build());

        EmulatedPage middleEarth = worlds.addPage(PropertyValues.builder().title("Middle-earth")
                .select("Genre", "High fantasy")
                .text("Description", "The lands of the Third Age, from the Shire to Gondor.")
                .number("Magic level", 6)
                .url("Map", "https://maps.example.com/middle-earth")
                .place("Capital", new Place(44.43, 26.10, "Minas Tirith", "White Mountains, Gondor"))
                .verification("Canon check", true)
                .build(),
                Block.heading(1, "Geography"),
                Block.paragraph("Mountains, rivers and the long road east."),
                Block.bulletedListItem("The Shire"), Block.bulletedListItem("Rivendell"),
                Block.bulletedListItem("Gondor", Block.bulletedListItem("Minas Tirith")));
        clock.advance(Duration.ofMinutes(3));
        EmulatedPage eldoria = worlds.addPage(PropertyValues.builder().title("Eldoria, a fantasy realm of tides")
                .select("Genre", "High fantasy")
                .text("Description", "An archipelago where magic follows the tides of two moons.")
                .number("Magic level", 9)
                .verification("Canon check", false)
                .build(),
                Block.heading(1, "The tide magic system"),
                Block.paragraph("Mages draw power at high tide and pay it back at low tide."),
                Block.table(true, List.of(List.of("Tide", "Effect"), List.of("High", "Spells are cheap"),
                        List.of("Low", "Spells cost blood"))),
                Block.callout("\uD83C\uDF0A", "Never cast during a double low tide."));
        clock.advance(Duration.ofMinutes(2));
        EmulatedPage neoKyoto = worlds.addPage(PropertyValues.builder().title("Neo-Kyoto 2199")
                .select("Genre", "Science fiction")
                .text("Description", "A flooded megacity run by rival AIs.")
                .number("Magic level", 0)
                .build(), Block.paragraph("Rain, neon and old shrines."));
        EmulatedPage ravenhollow = worlds.addPage(PropertyValues.builder().title("Ravenhollow")
                .select("Genre", "Urban fantasy")
                .text("Description", "A coastal town where the fae run the night markets.")
                .number("Magic level", 4)
                .build(), Block.paragraph("Fog, lanterns and bargains."));

        clock.advance(Duration.ofMinutes(5));
        EmulatedPage aragorn = characters.addPage(PropertyValues.builder().title("Aragorn")
                .select("Role", "Protagonist").select("Race", "Human").number("Age", 87)
                .text("Bio", "Ranger of the North, heir of Isildur, later King Elessar of Gondor.")
                .multiSelect("Traits", "Brave", "Loyal", "Wise").status("Status", "Final")
                .relation("World", middleEarth.id())
                .files("Portrait", new FileRef("aragorn.png", "https://images.example.com/aragorn.png"))
                .build(),
                Block.heading(2, "Background"),
                Block.paragraph("Raised in Rivendell under the name Estel."),
                Block.toggle("Key scenes", Block.paragraph("The Paths of the Dead."),
                        Block.paragraph("The Black Gate.")),
                Block.quote("All that is gold does not glitter."),
                Block.toDo("Write the coronation chapter", false));
        EmulatedPage gandalf = characters.addPage(PropertyValues.builder().title("Gandalf")
                .select("Role", "Mentor").select("Race", "Maia").number("Age", 2019)
                .text("Bio", "A wizard who arrives precisely when he means to.")
                .multiSelect("Traits", "Wise", "Stubborn").status("Status", "Final")
                .relation("World", middleEarth.id()).build(),
                Block.paragraph("Grey, then White."));
        EmulatedPage frodo = characters.addPage(PropertyValues.builder().title("Frodo Baggins")
                .select("Role", "Protagonist").select("Race", "Hobbit").number("Age", 50)
                .text("Bio", "Ring-bearer from Bag End.")
                .multiSelect("Traits", "Brave", "Loyal").status("Status", "In review")
                .relation("World", middleEarth.id()).build());
        EmulatedPage kestrel = characters.addPage(PropertyValues.builder().title("Kestrel Thorn")
                .select("Role", "Protagonist").select("Race", "Human").number("Age", 23)
                .text("Bio", "A tide-mage apprentice who can cast at low tide without paying.")
                .multiSelect("Traits", "Curious", "Stubborn").status("Status", "Draft")
                .relation("World", eldoria.id()).build(),
                Block.paragraph("Her secret breaks the magic system of Eldoria."));
        EmulatedPage morwen = characters.addPage(PropertyValues.builder().title("Morwen the Ebb Queen")
                .select("Role", "Antagonist").select("Race", "Elf").number("Age", 640)
                .text("Bio", "Rules the low-tide courts.")
                .multiSelect("Traits", "Cunning").status("Status", "Draft")
                .relation("World", eldoria.id()).build());
        EmulatedPage mira = characters.addPage(PropertyValues.builder().title("Captain Mira Okafor")
                .select("Role", "Protagonist").select("Race", "Human").number("Age", 41)
                .text("Bio", "Harbour-police captain of flooded Neo-Kyoto.")
                .status("Status", "In review").relation("World", neoKyoto.id()).build());
        EmulatedPage wren = characters.addPage(PropertyValues.builder().title("Wren Ashdown")
                .select("Role", "Companion").select("Race", "Human").number("Age", 19)
                .text("Bio", "Night-market runner in Ravenhollow.")
                .status("Status", "Draft").relation("World", ravenhollow.id()).build());

        clock.advance(Duration.ofMinutes(7));
        EmulatedPage crown = stories.addPage(PropertyValues.builder().title("The Weight of the Crown")
                .text("Summary", RichText.text("Aragorn doubts he can be king; "),
                        RichText.pageMention(aragorn.id()), RichText.text(" walks the Paths of the Dead."))
                .multiSelect("Genre", "Fantasy", "Adventure").status("Status", "Published")
                .number("Word count", 48_250).date("Published on", DateValue.of(loadDay.minusDays(64)))
                .people("Author", maya).relation("Characters", aragorn.id(), gandalf.id(), frodo.id())
                .relation("World", middleEarth.id()).formula("Reading minutes", 193).checkbox("Featured", true)
                .email("Editor email", "leo@example.com").phoneNumber("Editor phone", "+44 20 7946 0000")
                .build(),
                Block.heading(1, "Chapter 1: The Ranger"),
                Block.paragraph("Rain over Bree. A hooded man watches the door."),
                Block.numberedListItem("Meet the hobbits"), Block.numberedListItem("Weathertop"),
                Block.divider(),
                Block.columns(List.of(List.of(Block.paragraph("Draft notes")),
                        List.of(Block.paragraph("Editor notes")))));
        EmulatedPage tides = stories.addPage(PropertyValues.builder().title("Rules of the Tide")
                .text("Summary", "How Kestrel discovers the flaw in Eldoria's magic system: power borrowed at "
                        + "high tide must be repaid at low tide, unless...")
                .multiSelect("Genre", "Fantasy", "Worldbuilding").status("Status", "Drafting")
                .number("Word count", 12_400).people("Author", maya, leo)
                .relation("Characters", kestrel.id(), morwen.id()).relation("World", eldoria.id())
                .formula("Reading minutes", 50).checkbox("Featured", false).build(),
                Block.heading(1, "The magic system"),
                Block.paragraph("Every spell is a loan from the sea."),
                Block.code("plain text", "cost(spell) = power * (1 + lowTideFactor)"),
                Block.equation("E = m \\cdot tide^2"),
                Block.toggle("Open questions", Block.toDo("What happens at a double low tide?", false),
                        Block.toDo("Can loans be transferred?", true)));
        EmulatedPage signals = stories.addPage(PropertyValues.builder().title("Signals from Neo-Kyoto")
                .text("Summary", "A detective story under the flood line.")
                .multiSelect("Genre", "Science fiction", "Mystery").status("Status", "Idea")
                .number("Word count", 2_100).people("Author", leo).relation("Characters", mira.id())
                .relation("World", neoKyoto.id()).formula("Reading minutes", 8).build(),
                Block.paragraph("Opening scene: a drowned server farm."),
                Block.image("https://images.example.com/neo-kyoto.png"),
                Block.bookmark("https://example.com/research/flooded-cities"));

        clock.advance(Duration.ofMinutes(11));
        LocalDate today = loadDay;
        chats.addPage(PropertyValues.builder().title("Brainstorm: Eldoria magic system")
                .text("Topic", "Costs and loopholes of tide magic").checkbox("Temporary", false)
                .date("Started", DateValue.of(today.minusDays(3))).number("Messages", 42)
                .relation("Story", tides.id()).relation("Characters", kestrel.id(), morwen.id())
                .people("Participants", maya).formula("Retention", "Keep")
                .formula("Expires", DateValue.of(today.minusDays(2))).formula("Long chat", true).build(),
                Block.paragraph("User: What does a spell cost at low tide?"),
                Block.paragraph("Assistant: It costs the caster's memories, not blood."));
        chats.addPage(PropertyValues.builder().title("Aragorn voice test")
                .text("Topic", "Trying Aragorn's dialogue voice").checkbox("Temporary", true)
                .date("Started", DateValue.of(today)).number("Messages", 6)
                .relation("Story", crown.id()).relation("Characters", aragorn.id())
                .people("Participants", maya).formula("Retention", "Delete after 24h")
                .formula("Expires", DateValue.of(today.plusDays(1))).formula("Long chat", false).build(),
                Block.paragraph("User: Speak as Aragorn at the Black Gate."),
                Block.quote("A day may come when the courage of men fails..."));
        chats.addPage(PropertyValues.builder().title("Quick name ideas")
                .text("Topic", "Names for a Neo-Kyoto AI").checkbox("Temporary", true)
                .date("Started", DateValue.of(today)).number("Messages", 3)
                .relation("Story", signals.id()).people("Participants", leo)
                .formula("Retention", "Delete after 24h").formula("Expires", DateValue.of(today.plusDays(1)))
                .formula("Long chat", false).build(),
                Block.bulletedListItem("KAGAMI"), Block.bulletedListItem("Hoshi-9"));
        chats.addPage(PropertyValues.builder().title("Plot review: The Weight of the Crown")
                .text("Topic", "Pacing of chapters 3 to 5").checkbox("Temporary", false)
                .date("Started", DateValue.of(today.minusDays(10))).number("Messages", 27)
                .relation("Story", crown.id()).relation("Characters", aragorn.id(), gandalf.id())
                .people("Participants", maya, leo).formula("Retention", "Keep")
                .formula("Expires", DateValue.of(today.minusDays(9))).formula("Long chat", true).build(),
                Block.paragraph("Chapter 4 drags; cut the council scene."));
        clock.advance(Duration.ofMinutes(1));
        return new DemoWorkspace(DemoWorkspace.TOKEN, characters, worlds, stories, chats);
    }
}
