package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Query filters on every property type Notion filters on, and sorts by any property. */
class EmulatorFiltersIT {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private static NotionEmulator emulator;
    private static Api api;
    private static EmulatedDatabase db;
    private static EmulatedPage other1;
    private static EmulatedPage other2;
    private static String maya;
    private static String leo;

    @BeforeAll
    static void start() {
        emulator = NotionEmulator.builder().clockStart(START).build().start();
        api = new Api(emulator, emulator.workspace().createToken("filters"), Api.V2025);
        maya = emulator.workspace().addPerson("Maya Quill", "maya@example.com");
        leo = emulator.workspace().addPerson("Leo Marsh", "leo@example.com");
        EmulatedDatabase others = emulator.workspace().createDatabase("Others", Schema.builder("Name").build());
        other1 = others.addPage(Map.of("Name", "Zeta"));
        other2 = others.addPage(Map.of("Name", "Eta"));
        db = emulator.workspace().createDatabase("Everything", Schema.builder("Name")
                .richText("Notes")
                .number("N")
                .select("Colour", "Red", "Green", "Blue")
                .multiSelect("Tags", "a", "b", "c")
                .status("Stage", "Todo", "Doing", "Done")
                .date("When")
                .people("Owners")
                .files("Files")
                .checkbox("Done")
                .url("Url")
                .email("Email")
                .phoneNumber("Phone")
                .formula("F number", "prop(\"N\") / 10", "number")
                .formula("F string", "prop(\"Name\")", "string")
                .formula("F bool", "prop(\"Done\")", "boolean")
                .formula("F date", "prop(\"When\")", "date")
                .relation("Links", others)
                .rollup("Link count", "Links", "Name", "count")
                .rollup("Link names", "Links", "Name", "show_original")
                .createdTime("Created")
                .createdBy("Creator")
                .lastEditedTime("Edited")
                .lastEditedBy("Editor")
                .uniqueId("ID", "T")
                .verification("Checked")
                .place("Where")
                .build());
        emulator.clock().advance(Duration.ofMinutes(1));
        db.addPage(PropertyValues.builder().title("Alpha").text("Notes", "First note, about Rivers")
                .number("N", 10).select("Colour", "Red").multiSelect("Tags", "a", "b").status("Stage", "Todo")
                .date("When", DateValue.of(LocalDate.of(2026, 1, 10))).people("Owners", maya)
                .files("Files", new FileRef("alpha.png", "https://files.example.com/alpha.png"))
                .checkbox("Done", true).url("Url", "https://alpha.example.com").email("Email", "alpha@example.com")
                .phoneNumber("Phone", "+1 555 0101").formula("F number", 1).formula("F string", "Alpha")
                .formula("F bool", true).formula("F date", DateValue.of(LocalDate.of(2026, 1, 10)))
                .relation("Links", other1.id(), other2.id()).verification("Checked", true).build());
        emulator.clock().advance(Duration.ofMinutes(1));
        db.addPage(PropertyValues.builder().title("beta").text("Notes", "Second")
                .number("N", 20).select("Colour", "Green").multiSelect("Tags", "b").status("Stage", "Doing")
                .date("When", DateValue.of(Instant.parse("2026-03-05T15:30:00Z"))).people("Owners", leo, maya)
                .checkbox("Done", false).url("Url", "https://beta.example.com").email("Email", "beta@example.com")
                .phoneNumber("Phone", "+44 20 0202").formula("F number", 2).formula("F string", "beta")
                .formula("F bool", false).formula("F date", DateValue.of(Instant.parse("2026-03-05T15:30:00Z")))
                .relation("Links", other1.id()).verification("Checked", false).build());
        emulator.clock().advance(Duration.ofMinutes(1));
        db.addPage(PropertyValues.builder().title("Gamma").status("Stage", "Done").checkbox("Done", false)
                .build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Api.Response query(Map<String, ?> body) {
        return api.post("/v1/data_sources/" + db.dataSourceIds().get(0) + "/query", body);
    }

    /** The titles matching a filter, following every cursor, in the order answered. */
    private static List<String> titles(Map<String, ?> body) {
        List<String> out = new ArrayList<>();
        Map<String, Object> b = new HashMap<>(body);
        b.put("page_size", 1);
        while (true) {
            Api.Response r = query(b);
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            for (JsonNode p : r.body().get("results")) {
                out.add(p.get("properties").get("Name").get("title").get(0).get("plain_text").asText());
            }
            if (!r.body().get("has_more").asBoolean()) {
                return out;
            }
            b.put("start_cursor", r.body().get("next_cursor").asText());
        }
    }

    private static List<String> where(String property, String type, String condition, Object value) {
        return titles(Map.of("filter", Map.of("property", property, type, Map.of(condition, value))));
    }

    private static List<String> sorted(Object... propertyAndDirection) {
        List<Map<String, String>> sorts = new ArrayList<>();
        for (int i = 0; i < propertyAndDirection.length; i += 2) {
            sorts.add(Map.of("property", (String) propertyAndDirection[i], "direction",
                    (String) propertyAndDirection[i + 1]));
        }
        return titles(Map.of("sorts", sorts));
    }

    @Test
    void textFiltersOnTitleRichTextUrlEmailAndPhone() {
        assertThat(where("Name", "title", "equals", "alpha")).containsExactly("Alpha");
        assertThat(where("Name", "title", "does_not_equal", "Alpha")).containsExactly("beta", "Gamma");
        assertThat(where("Name", "rich_text", "starts_with", "gam")).containsExactly("Gamma");
        assertThat(where("Notes", "rich_text", "contains", "rivers")).containsExactly("Alpha");
        assertThat(where("Notes", "rich_text", "does_not_contain", "note")).containsExactly("beta", "Gamma");
        assertThat(where("Notes", "rich_text", "ends_with", "cond")).containsExactly("beta");
        assertThat(where("Notes", "rich_text", "is_empty", true)).containsExactly("Gamma");
        assertThat(where("Notes", "rich_text", "is_not_empty", true)).containsExactly("Alpha", "beta");
        assertThat(where("Url", "url", "contains", "beta.example")).containsExactly("beta");
        assertThat(where("Email", "email", "ends_with", "@example.com")).containsExactly("Alpha", "beta");
        assertThat(where("Phone", "phone_number", "starts_with", "+44")).containsExactly("beta");
        assertThat(where("Phone", "phone_number", "is_empty", true)).containsExactly("Gamma");
    }

    @Test
    void numberCheckboxSelectMultiSelectAndStatusFilters() {
        assertThat(where("N", "number", "greater_than", 10)).containsExactly("beta");
        assertThat(where("N", "number", "greater_than_or_equal_to", 10)).containsExactly("Alpha", "beta");
        assertThat(where("N", "number", "less_than", 15.5)).containsExactly("Alpha");
        assertThat(where("N", "number", "less_than_or_equal_to", 20)).containsExactly("Alpha", "beta");
        assertThat(where("N", "number", "equals", 20)).containsExactly("beta");
        assertThat(where("N", "number", "does_not_equal", 20)).containsExactly("Alpha", "Gamma");
        assertThat(where("N", "number", "is_empty", true)).containsExactly("Gamma");
        assertThat(where("Done", "checkbox", "equals", true)).containsExactly("Alpha");
        assertThat(where("Done", "checkbox", "does_not_equal", true)).containsExactly("beta", "Gamma");
        assertThat(where("Colour", "select", "equals", "Green")).containsExactly("beta");
        assertThat(where("Colour", "select", "does_not_equal", "Green")).containsExactly("Alpha", "Gamma");
        assertThat(where("Colour", "select", "is_empty", true)).containsExactly("Gamma");
        assertThat(where("Tags", "multi_select", "contains", "b")).containsExactly("Alpha", "beta");
        assertThat(where("Tags", "multi_select", "does_not_contain", "a")).containsExactly("beta", "Gamma");
        assertThat(where("Tags", "multi_select", "is_not_empty", true)).containsExactly("Alpha", "beta");
        assertThat(where("Stage", "status", "equals", "Done")).containsExactly("Gamma");
        assertThat(where("Stage", "status", "does_not_equal", "Done")).containsExactly("Alpha", "beta");
    }

    @Test
    void dateFiltersOnDatesAndTimestampProperties() {
        assertThat(where("When", "date", "equals", "2026-01-10")).containsExactly("Alpha");
        assertThat(where("When", "date", "equals", "2026-03-05")).containsExactly("beta");
        assertThat(where("When", "date", "before", "2026-03-05T15:30:00Z")).containsExactly("Alpha");
        assertThat(where("When", "date", "on_or_before", "2026-03-05T15:30:00Z")).containsExactly("Alpha", "beta");
        assertThat(where("When", "date", "after", "2026-01-10")).containsExactly("beta");
        assertThat(where("When", "date", "on_or_after", "2026-01-10")).containsExactly("Alpha", "beta");
        assertThat(where("When", "date", "is_empty", true)).containsExactly("Gamma");
        assertThat(where("When", "date", "is_not_empty", true)).containsExactly("Alpha", "beta");
        // the clock is 2026-03-01T12:03
        assertThat(where("When", "date", "next_week", Map.of())).containsExactly("beta");
        assertThat(where("When", "date", "past_month", Map.of())).isEmpty();
        assertThat(where("When", "date", "past_year", Map.of())).containsExactly("Alpha");
        assertThat(where("Created", "created_time", "after", "2026-03-01T12:01:00Z")).containsExactly("beta",
                "Gamma");
        assertThat(where("Created", "date", "on_or_before", "2026-03-01T12:02:00Z")).containsExactly("Alpha",
                "beta");
        assertThat(where("Edited", "last_edited_time", "equals", "2026-03-01T12:03:00Z")).containsExactly("Gamma");
        assertThat(where("Edited", "last_edited_time", "this_week", Map.of())).containsExactly("Alpha", "beta",
                "Gamma");
        assertThat(titles(Map.of("filter", Map.of("timestamp", "created_time",
                "created_time", Map.of("before", "2026-03-01T12:02:00Z"))))).containsExactly("Alpha");
    }

    @Test
    void peopleFilesRelationAndPeopleLikeFilters() {
        assertThat(where("Owners", "people", "contains", leo)).containsExactly("beta");
        assertThat(where("Owners", "people", "contains", maya.replace("-", ""))).containsExactly("Alpha", "beta");
        assertThat(where("Owners", "people", "does_not_contain", leo)).containsExactly("Alpha", "Gamma");
        assertThat(where("Owners", "people", "is_empty", true)).containsExactly("Gamma");
        String owner = emulator.workspace().ownerId();
        assertThat(where("Creator", "created_by", "contains", owner)).containsExactly("Alpha", "beta", "Gamma");
        assertThat(where("Editor", "people", "does_not_contain", owner)).isEmpty();
        assertThat(where("Files", "files", "is_not_empty", true)).containsExactly("Alpha");
        assertThat(where("Files", "files", "is_empty", true)).containsExactly("beta", "Gamma");
        assertThat(where("Links", "relation", "contains", other2.id())).containsExactly("Alpha");
        assertThat(where("Links", "relation", "does_not_contain", other2.id())).containsExactly("beta", "Gamma");
        assertThat(where("Links", "relation", "is_empty", true)).containsExactly("Gamma");
    }

    @Test
    void formulaRollupUniqueIdAndVerificationFilters() {
        assertThat(where("F number", "formula", "number", Map.of("greater_than", 1))).containsExactly("beta");
        assertThat(where("F string", "formula", "string", Map.of("equals", "beta"))).containsExactly("beta");
        assertThat(where("F bool", "formula", "checkbox", Map.of("equals", true))).containsExactly("Alpha");
        assertThat(where("F date", "formula", "date", Map.of("on_or_after", "2026-02-01"))).containsExactly("beta");
        assertThat(where("F string", "formula", "string", Map.of("is_empty", true))).containsExactly("Gamma");
        assertThat(where("Link count", "rollup", "number", Map.of("equals", 2))).containsExactly("Alpha");
        assertThat(where("Link count", "rollup", "number", Map.of("less_than", 2))).containsExactly("beta",
                "Gamma");
        assertThat(where("Link names", "rollup", "any", Map.of("rich_text", Map.of("equals", "Eta"))))
                .containsExactly("Alpha");
        assertThat(where("Link names", "rollup", "every", Map.of("rich_text", Map.of("contains", "eta"))))
                .containsExactly("Alpha", "beta", "Gamma");
        assertThat(where("Link names", "rollup", "none", Map.of("title", Map.of("equals", "Zeta"))))
                .containsExactly("Gamma");
        assertThat(where("ID", "unique_id", "greater_than", 1)).containsExactly("beta", "Gamma");
        assertThat(where("ID", "unique_id", "equals", 1)).containsExactly("Alpha");
        assertThat(where("ID", "unique_id", "less_than_or_equal_to", 2)).containsExactly("Alpha", "beta");
        assertThat(where("Checked", "verification", "status", "verified")).containsExactly("Alpha");
        assertThat(where("Checked", "verification", "status", "none")).containsExactly("beta", "Gamma");
    }

    @Test
    void compoundFiltersCombineAnyTypes() {
        Map<String, Object> redOrGreen = Map.of("or", List.of(
                Map.of("property", "Colour", "select", Map.of("equals", "Red")),
                Map.of("property", "Colour", "select", Map.of("equals", "Green"))));
        assertThat(titles(Map.of("filter", redOrGreen))).containsExactly("Alpha", "beta");
        assertThat(titles(Map.of("filter", Map.of("and", List.of(redOrGreen,
                Map.of("property", "Done", "checkbox", Map.of("equals", false))))))).containsExactly("beta");
    }

    @Test
    void sortsByAnyPropertyWithEmptyValuesLast() {
        assertThat(sorted("Name", "ascending")).containsExactly("Alpha", "beta", "Gamma");
        assertThat(sorted("Name", "descending")).containsExactly("Gamma", "beta", "Alpha");
        assertThat(sorted("N", "descending")).containsExactly("beta", "Alpha", "Gamma");
        assertThat(sorted("N", "ascending")).containsExactly("Alpha", "beta", "Gamma");
        assertThat(sorted("Notes", "ascending")).containsExactly("Alpha", "beta", "Gamma");
        // select and status sort in the order of their options
        assertThat(sorted("Colour", "descending")).containsExactly("beta", "Alpha", "Gamma");
        assertThat(sorted("Stage", "descending")).containsExactly("Gamma", "beta", "Alpha");
        assertThat(sorted("When", "descending")).containsExactly("beta", "Alpha", "Gamma");
        assertThat(sorted("Done", "descending", "Name", "descending")).containsExactly("Alpha", "Gamma", "beta");
        assertThat(sorted("F number", "descending")).containsExactly("beta", "Alpha", "Gamma");
        assertThat(sorted("Link count", "ascending")).containsExactly("Gamma", "beta", "Alpha");
        assertThat(sorted("ID", "descending")).containsExactly("Gamma", "beta", "Alpha");
        assertThat(sorted("Created", "descending")).containsExactly("Gamma", "beta", "Alpha");
        assertThat(sorted("Email", "descending")).containsExactly("beta", "Alpha", "Gamma");
        assertThat(sorted("Tags", "ascending")).containsExactly("Alpha", "beta", "Gamma");
        assertThat(sorted("Owners", "ascending")).containsExactly("beta", "Alpha", "Gamma");
        assertThat(titles(Map.of("sorts", List.of(Map.of("property", "Done", "direction", "ascending"),
                Map.of("timestamp", "created_time", "direction", "descending")))))
                .containsExactly("Gamma", "beta", "Alpha");
    }

    @Test
    void unknownPropertiesConditionsAndValuesAreValidationErrors() {
        assertRefused(Map.of("filter", Map.of("property", "Nope", "number", Map.of("equals", 1))),
                "Could not find property with name or id: Nope");
        assertRefused(Map.of("sorts", List.of(Map.of("property", "Nope", "direction", "ascending"))),
                "Could not find sort property with name or id: Nope");
        String unknownCondition = assertRefused(Map.of("filter", Map.of("property", "N",
                "number", Map.of("bigger_than", 1))), "body failed validation. Fix one:");
        assertThat(unknownCondition).contains("body.filter.number.greater_than should be defined, instead was "
                + "`undefined`.");
        assertRefused(Map.of("filter", Map.of("property", "N", "select", Map.of("equals", "x"))),
                "database property number does not match filter select");
        assertRefused(Map.of("filter", Map.of("property", "N", "number", Map.of("equals", "ten"))),
                "body failed validation: body.filter.number.equals should be a number, instead was `\"ten\"`.");
        assertRefused(Map.of("filter", Map.of("property", "Notes", "rich_text", Map.of("is_empty", false))),
                "body failed validation: body.filter.rich_text.is_empty should be `true`, instead was `false`.");
        assertRefused(Map.of("filter", Map.of("property", "When", "date", Map.of("after", "soon"))),
                "body failed validation: body.filter.date.after should be a valid ISO 8601 date string, "
                        + "instead was `\"soon\"`.");
        assertRefused(Map.of("filter", Map.of("property", "Owners", "people", Map.of("contains", "maya"))),
                "body failed validation: body.filter.people.contains should be a valid uuid, instead was "
                        + "`\"maya\"`.");
        String noType = assertRefused(Map.of("filter", Map.of("property", "Name", "text",
                Map.of("contains", "a"))), "body failed validation. Fix one:");
        assertThat(noType).contains("body.filter.title should be defined, instead was `undefined`.");
        assertRefused(Map.of("filter", Map.of("or", List.of(Map.of("property", "Tags",
                "multi_select", Map.of("equals", "a"))))), "body failed validation. Fix one:\n"
                + "body.filter.or[0].multi_select.contains should be defined");
        assertRefused(Map.of("sorts", List.of(Map.of("property", "N", "direction", "sideways"))),
                "body failed validation: body.sorts[0].direction should be `\"ascending\"` or `\"descending\"`, "
                        + "instead was `\"sideways\"`.");
    }

    private static String assertRefused(Map<String, ?> body, String messageStart) {
        Api.Response r = query(body);
        assertThat(r.status()).as(body.toString()).isEqualTo(400);
        assertThat(r.body().get("code").asText()).as(body.toString()).isEqualTo("validation_error");
        assertThat(r.body().get("message").asText()).as(body.toString()).startsWith(messageStart);
        return r.body().get("message").asText();
    }
}
