package io.github.notionsync.internal.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.DatabaseSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value comparison behind conflict detection and recovery, and the schema kept for checks. */
class OutboxPusherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void emptyValuesAreAllAlikeAndNumbersCompareByValue() throws Exception {
        assertThat(OutboxPusher.same(json("null"), json("\"\""))).isTrue();
        assertThat(OutboxPusher.same(json("[]"), null)).isTrue();
        assertThat(OutboxPusher.same(json("\"\""), json("\"x\""))).isFalse();
        assertThat(OutboxPusher.same(json("88"), json("88.0"))).isTrue();
        assertThat(OutboxPusher.same(json("88"), json("87"))).isFalse();
        assertThat(OutboxPusher.same(json("[\"Brave\", \"Wise\"]"), json("[\"Wise\", \"Brave\"]"))).isFalse();
        assertThat(OutboxPusher.same(json("\"Mentor\""), json("\"Mentor\""))).isTrue();
    }

    @Test
    void aSchemaKeepsIdsTypesAndOptionNamesAndMapsTheTypedFields() throws Exception {
        JsonNode notion = json("""
                {"Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
                 "Role": {"id": "r%3A", "name": "Role", "type": "select",
                          "select": {"options": [{"id": "1", "name": "Mentor", "color": "red"}]}},
                 "Bio": {"id": "b", "name": "Bio", "type": "rich_text", "rich_text": {}}}""");
        DatabaseConfig db = DatabaseConfig.of("Characters", "393abc1eedcd80f3813be205934558c6", TargetKind.CHARACTERS)
                .withPropertyNames(Map.of("description", "Bio"));
        DatabaseSchema s = DatabaseSchema.of("user-1", db, null, notion);
        assertThat(s.properties().path("Role").toString())
                .isEqualTo("{\"id\":\"r%3A\",\"type\":\"select\",\"options\":[\"Mentor\"]}");
        assertThat(s.fields()).containsEntry("name", "Name").containsEntry("description", "Bio")
                .containsEntry("role", "Role").containsEntry("tags", "Tags");
        assertThat(s.databaseName()).isEqualTo("Characters");
    }
}
