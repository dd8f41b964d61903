package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java API, without a running server. */
class SchemaAndValuesTest {

    @Test
    void schemaRejectsDuplicatesAndDanglingRollups() {
        assertThatThrownBy(() -> Schema.builder().richText("A").number("A")).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> Schema.builder().rollup("R", "Nope", "Name", "count").build())
                .hasMessageContaining("relation property named Nope");
        assertThatThrownBy(() -> Schema.builder().property("T", PropertyType.TITLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Schema.builder("Title").checkbox("Done").build().propertyNames()).containsExactly("Title", "Done");
    }

    @Test
    void valuesAreCheckedAgainstTheSchema() {
        NotionEmulator emulator = NotionEmulator.builder().build();
        EmulatedDatabase db = emulator.workspace().createDatabase("Db", Schema.builder().number("N")
                .status("S", "Todo").createdTime("Created").build());
        assertThatThrownBy(() -> db.addPage(Map.of("N", "seven"))).hasMessageContaining("needs a Number");
        assertThatThrownBy(() -> db.addPage(Map.of("Missing", 1))).hasMessageContaining("has no property Missing");
        assertThatThrownBy(() -> db.addPage(Map.of("S", "Unknown"))).hasMessageContaining("no option Unknown");
        assertThatThrownBy(() -> db.addPage(Map.of("Created", Instant.now()))).hasMessageContaining("computed");
        EmulatedPage p = db.addPage(Map.of("Name", "ok", "N", 7));
        assertThat(p.title()).isEqualTo("ok");
    }

    @Test
    void clockRoundsPageTimesToTheMinuteAndMovesOnlyForward() {
        NotionEmulator emulator = NotionEmulator.builder().clockStart(Instant.parse("2026-01-01T10:15:42.500Z"))
                .build();
        EmulatedDatabase db = emulator.workspace().createDatabase("Db", Schema.builder().build());
        EmulatedPage p = db.addPage(Map.of("Name", "x"));
        assertThat(p.createdTime()).isEqualTo(Instant.parse("2026-01-01T10:15:00Z"));
        emulator.clock().advance(Duration.ofMinutes(3));
        p.update(Map.of("Name", "y"));
        assertThat(p.lastEditedTime()).isEqualTo(Instant.parse("2026-01-01T10:18:00Z"));
        assertThatThrownBy(() -> emulator.clock().advance(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsMapToBehaviours() {
        assertThat(ApiVersion.of("2022-06-28")).isEqualTo(ApiVersion.V2022);
        assertThat(ApiVersion.of("2025-09-03")).isEqualTo(ApiVersion.V2025);
        assertThat(ApiVersion.of("2026-03-11")).isEqualTo(ApiVersion.V2026);
        assertThat(ApiVersion.of(null)).isNull();
        assertThat(ApiVersion.of("latest")).isNull();
    }

    @Test
    void propertyIdsLookLikeNotionsAndAreUrlEncoded() {
        NotionEmulator emulator = NotionEmulator.builder().build();
        EmulatedDatabase db = emulator.workspace().createDatabase("Db", Schema.builder().richText("Bio").build());
        String id = db.dataSource().propertyId("Bio");
        assertThat(id).matches("([A-Za-z0-9_~.-]|%[0-9A-F]{2}){4}");
        assertThat(db.dataSource().propertyId("Name")).isEqualTo("title");
    }

    @Test
    void generatedBlockIdsPointBackToTheirPage() {
        String page = "0123abcd-ef01-4000-8abc-0123456789ab";
        assertThat(Store.generatedBlockId(page, 0)).isEqualTo("0123abcd-ef01-8001-8abc-0123456789ab");
        assertThat(Store.generatedBlockId(page, 4094)).isEqualTo("0123abcd-ef01-8fff-8abc-0123456789ab");
    }
}
