package io.github.notionsync.testkit.emulator;

import io.github.notionsync.testkit.emulator.Model.BlockNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Computes the values and content of generated pages from (seed, page number), so a generated page
 * stores only its id, timestamps and flags.
 */
final class Generator {

    private static final String[] WORDS = {"alpha", "river", "stone", "ember", "quiet", "signal", "harbor",
        "lantern", "meadow", "cipher", "orbit", "willow", "copper", "thunder", "velvet", "compass", "glacier",
        "saffron", "meridian", "echo", "falcon", "ivory", "juniper", "nebula"};
    private static final String[] CATEGORIES = {"Alpha", "Beta", "Gamma", "Delta", "Epsilon"};
    private static final String[] TAGS = {"red", "green", "blue", "urgent", "later", "draft"};
    private static final String[] STAGES = {"Not started", "In progress", "Done"};

    private final GeneratorSpec spec;
    private final DataSource ds;
    private final String[] people;

    private Generator(GeneratorSpec spec, DataSource ds, String[] people) {
        this.spec = spec;
        this.ds = ds;
        this.people = people;
    }

    static Schema schema() {
        return Schema.builder("Name")
                .richText("Description")
                .number("Score")
                .select("Category", CATEGORIES)
                .multiSelect("Tags", TAGS)
                .status("Stage", STAGES)
                .date("Due")
                .people("Owner")
                .files("Attachments")
                .checkbox("Done")
                .url("Website")
                .email("Email")
                .phoneNumber("Phone")
                .formula("Double score", "prop(\"Score\") * 2", "number")
                .selfRelation("Related")
                .rollup("Related count", "Related", "Name", "count")
                .createdTime("Created")
                .createdBy("Created by")
                .lastEditedTime("Edited")
                .lastEditedBy("Edited by")
                .uniqueId("ID", "GEN")
                .verification("Verification")
                .button("Action")
                .place("Location")
                .build();
    }

    /** Creates the database and its pages (caller: the public API; takes the write lock). */
    static Model.Database generate(Store store, GeneratorSpec spec) {
        Model.Database db = store.createDatabase(spec.title(), schema(), "\uD83E\uDDEA");
        return store.write(() -> {
            DataSource ds = db.sources.get(0);
            String[] people = store.users.values().stream().filter(u -> !u.bot()).map(Model.User::id)
                    .toArray(String[]::new);
            ds.generator = new Generator(spec, ds, people);
            SplittableRandom ids = new SplittableRandom(spec.seed());
            int now = store.clock.minute();
            ds.pages.ensureCapacity(spec.pages());
            for (int i = 0; i < spec.pages(); i++) {
                String id = store.newGeneratedPageId(ids);
                int created = now - (spec.pages() - i);
                Page p = new Page(id, ds, ds.pages.size(), created, store.ownerId);
                p.edited = Math.min(now, created + (int) (mix(spec.seed(), i, 99) % 600));
                p.generatedContent = spec.blocksPerPage() > 0;
                ds.pages.add(p);
                store.pages.put(id, p);
            }
            ds.version++;
            return db;
        });
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    private String text(int seq, int salt) {
        StringBuilder sb = new StringBuilder(spec.textLength() + 12);
        int k = 0;
        while (sb.length() < spec.textLength()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[(int) (mix(spec.seed(), seq, salt * 1000 + k++) % WORDS.length)]);
        }
        sb.setLength(spec.textLength());
        return sb.toString();
    }

    Object value(Page page, Property p) {
        int seq = page.seq;
        long h = mix(spec.seed(), seq, p.index);
        return switch (p.name) {
            case "Name" -> List.of(RichText.text("Page " + (seq + 1)));
            case "Description" -> List.of(RichText.text(text(seq, 1)));
            case "Score" -> (int) (h % 1000);
            case "Category" -> p.options.get((int) (h % p.options.size()));
            case "Tags" -> List.of(p.options.get((int) (h % p.options.size())),
                    p.options.get((int) ((h >>> 8) % p.options.size()))).stream().distinct().toList();
            case "Stage" -> p.options.get((int) (h % p.options.size()));
            case "Due" -> DateValue.of(LocalDate.ofEpochDay(19_000 + h % 2000));
            case "Owner" -> people.length == 0 ? List.of() : List.of(people[(int) (h % people.length)]);
            case "Attachments" -> h % 3 == 0 ? List.of(new FileRef("file-" + (seq + 1) + ".pdf",
                    "https://files.example.com/" + (seq + 1) + ".pdf")) : List.of();
            case "Done" -> (h & 1) == 0;
            case "Website" -> "https://example.com/pages/" + (seq + 1);
            case "Email" -> "page" + (seq + 1) + "@example.com";
            case "Phone" -> "+1 555 " + (1000 + h % 9000);
            case "Double score" -> (int) (mix(spec.seed(), seq, ds.byName.get("Score").index) % 1000) * 2;
            case "Related" -> related(seq);
            case "Verification" -> h % 4 == 0;
            case "Location" -> h % 5 == 0 ? new Place(52.52, 13.405, "Berlin", "Berlin, Germany") : null;
            default -> null;
        };
    }

    private List<String> related(int seq) {
        int n = ds.pages.size();
        if (n < 2 || spec.relationsPerPage() == 0) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(spec.relationsPerPage());
        for (int j = 1; j <= spec.relationsPerPage(); j++) {
            ids.add(ds.pages.get((seq + j * 7) % n).id);
        }
        return ids;
    }

    List<BlockNode> blocks(Page page) {
        List<BlockNode> out = new ArrayList<>(spec.blocksPerPage());
        for (int i = 0; i < spec.blocksPerPage(); i++) {
            Block b = i == 0 ? Block.heading(2, "Section of page " + (page.seq + 1))
                    : Block.paragraph(text(page.seq, 100 + i));
            out.add(new BlockNode(Store.generatedBlockId(page.id, i), b, page.id, true, page, page.created,
                    page.createdBy));
        }
        return out;
    }
}
