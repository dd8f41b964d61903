package io.github.notionsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NotionIdTest {

    private static final String CANONICAL = "393abc1e-edcd-80f3-813b-e205934558c6";

    @ParameterizedTest
    @ValueSource(strings = {
        "393abc1e-edcd-80f3-813b-e205934558c6",
        "393abc1eedcd80f3813be205934558c6",
        "393ABC1EEDCD80F3813BE205934558C6",
        "  393abc1eedcd80f3813be205934558c6\n",
        "https://www.notion.so/393abc1eedcd80f3813be205934558c6",
        "https://www.notion.so/myteam/Characters-393abc1eedcd80f3813be205934558c6?v=0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "https://app.notion.com/p/Aragorn-son-of-Arathorn-393abc1eedcd80f3813be205934558c6#abc",
        "notion.so/393abc1e-edcd-80f3-813b-e205934558c6/",
    })
    void acceptsIdsAndUrls(String input) {
        assertThat(NotionId.parse(input).value()).isEqualTo(CANONICAL);
    }

    @Test
    void compactFormDropsDashes() {
        assertThat(NotionId.parse(CANONICAL).compact()).isEqualTo("393abc1eedcd80f3813be205934558c6");
        assertThat(NotionId.parse(CANONICAL)).hasToString(CANONICAL);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "abc123",
        "393abc1eedcd80f3813be205934558c",
        "393abc1eedcd80f3813be205934558c6a",
        "zzzabc1eedcd80f3813be205934558c6",
        "https://www.notion.so/Characters",
        "'; DROP TABLE notion_pages_sync; --",
    })
    void rejectsAnythingElseWithAClearMessage(String input) {
        assertThatThrownBy(() -> NotionId.parse(input))
                .isInstanceOf(InvalidNotionIdException.class)
                .isInstanceOf(NotionSyncException.class)
                .hasMessageContaining("Not a Notion id or URL")
                .hasMessageContaining("32 hexadecimal digits");
    }

    @Test
    void constructorOnlyTakesTheCanonicalForm() {
        assertThatThrownBy(() -> new NotionId("393ABC1E-EDCD-80F3-813B-E205934558C6"))
                .isInstanceOf(InvalidNotionIdException.class);
        assertThat(new NotionId(CANONICAL)).isEqualTo(NotionId.parse(CANONICAL.replace("-", "")));
    }

    @Test
    void longInputIsShortenedInTheMessage() {
        String huge = "x".repeat(10_000);
        assertThatThrownBy(() -> NotionId.parse(huge))
                .isInstanceOfSatisfying(InvalidNotionIdException.class, e -> {
                    assertThat(e.getMessage()).hasSizeLessThan(400);
                    assertThat(e.input()).isEqualTo(huge);
                });
    }
}
