package io.github.notionsync.internal.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassagesTest {

    @Test
    void aSmallPageIsOnePassageWithItsTitleAndFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Role", "Antagonist");
        fields.put("Description", "Rules the low-tide courts.");
        fields.put("Tags", "");
        List<Passages.Passage> p = Passages.split("Morwen", fields, "- Cunning\n- Old\n\n**Bold** claim.");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).text()).isEqualTo("Morwen\nRole: Antagonist. Description: Rules the low-tide courts."
                + " Cunning; Old Bold claim.");
        assertThat(p.get(0).hash()).hasSize(64).isEqualTo(Passages.hash(p.get(0).text()));
        assertThat(Passages.split("", Map.of(), "")).extracting(Passages.Passage::text).containsExactly("");
    }

    @Test
    void sectionsSplitAlongHeadingsAndLongTextInOverlappingWindows() {
        String words = "word ".repeat(400);
        List<Passages.Passage> p = Passages.split("Notes", Map.of(), "# Harbour\n\nShips.\n\n## Market\n\n" + words);
        assertThat(p.get(0).text()).isEqualTo("Notes — Harbour\nShips.");
        assertThat(p.subList(1, p.size())).allSatisfy(x -> assertThat(x.text()).startsWith("Notes — Market\n"));
        // 400 words in windows of 160 that repeat 30: 160, 160 (130 new), 140 (110 new)
        assertThat(p).hasSize(4);
        assertThat(p.get(1).text().split("\n")[1].split(" ")).hasSize(Passages.MAX_WORDS);
        assertThat(p.get(3).text().split("\n")[1].split(" ")).hasSize(140);
    }

    @Test
    void editingOneSectionChangesOnlyItsPassageAndTheSplitIsBounded() {
        String a = "## A\n\nalpha " + "x ".repeat(100) + "\n\n## B\n\nbeta " + "y ".repeat(100) + "\n\n## C\n\ngamma";
        String b = a.replace("beta", "delta");
        List<Passages.Passage> before = Passages.split("T", Map.of(), a);
        List<Passages.Passage> after = Passages.split("T", Map.of(), b);
        assertThat(after).hasSameSizeAs(before);
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            changed += before.get(i).hash().equals(after.get(i).hash()) ? 0 : 1;
        }
        assertThat(changed).isEqualTo(1);

        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            huge.append("## H").append(i).append("\n\ntext\n\n");
        }
        assertThat(Passages.split("T", Map.of(), huge.toString())).hasSize(Passages.MAX_PASSAGES);
    }
}
