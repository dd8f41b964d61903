package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.NotionBlock;
import io.github.notionsync.client.NotionConflictException;
import io.github.notionsync.client.NotionObjectNotFoundException;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.client.NotionRestrictedResourceException;
import io.github.notionsync.client.NotionValidationException;
import io.github.notionsync.client.NotionWriteOutcomeUnknownException;
import io.github.notionsync.client.PageQuery;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.testkit.emulator.Capability;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.Fault;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write half of HttpNotionClient against the emulator over real HTTP. */
class HttpNotionClientWritesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NotionEmulator notion;
    private String token;
    private EmulatedDatabase db;
    private EmulatedPage aragorn;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        token = notion.workspace().createToken("writer");
        db = notion.workspace().createDatabase("Characters", Schema.builder().richText("Bio").select("Role", "Ranger")
                .multiSelect("Tags", "Brave").status("Stage", "Draft", "Done").number("Age").date("Born")
                .checkbox("Alive").formula("Label", "prop(\"Name\")", "string").build());
        aragorn = db.addPage(Map.of("Name", "Aragorn", "Role", "Ranger"));
    }

    @AfterEach
    void stop() {
        notion.close();
    }

    private HttpNotionClient client(NotionApiVersion version) {
        return client(version, token);
    }

    private HttpNotionClient client(NotionApiVersion version, String withToken) {
        return HttpNotionClient.builder().token(withToken).baseUrl(notion.baseUrl()).apiVersion(version).noRateLimit()
                .retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofMinutes(1)))
                .build();
    }

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static ObjectNode text(String property, String content) {
        ObjectNode p = JSON.createObjectNode();
        p.putObject(property).putArray("rich_text").addObject().putObject("text").put("content", content);
        return p;
    }

    private static ObjectNode paragraph(String content) {
        return json("{'type':'paragraph','paragraph':{'rich_text':[{'type':'text','text':{'content':'" + content
                + "'}}]}}");
    }

    private static String plain(NotionPage page, String property) {
        StringBuilder b = new StringBuilder();
        page.properties().path(property).path(page.properties().path(property).path("type").asText())
                .forEach(t -> b.append(t.path("plain_text").asText()));
        return b.toString();
    }

    @Test
    void updatesPropertiesUnderBothVersionsAndStampsTheEdit() {
        String bot = notion.workspace().botUserId(token);
        for (NotionApiVersion version : List.of(NotionApiVersion.V2022_06_28, NotionApiVersion.V2025_09_03)) {
            notion.clock().advance(Duration.ofMinutes(3).plusSeconds(17));
            Instant minute = notion.clock().now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            try (HttpNotionClient c = client(version)) {
                ObjectNode props = text("Bio", "Heir of Isildur " + version);
                props.set("Role", json("{'select':{'name':'King'}}"));
                props.set("Tags", json("{'multi_select':[{'name':'Brave'},{'name':'Tall'}]}"));
                props.set("Stage", json("{'status':{'name':'Done'}}"));
                props.set("Age", json("{'number':87}"));
                props.set("Born", json("{'date':{'start':'2931-03-01'}}"));
                props.set("Alive", json("{'checkbox':true}"));
                NotionPage reply = c.updatePage(NotionId.parse(aragorn.id()), props, null);

                assertThat(plain(reply, "Bio")).isEqualTo("Heir of Isildur " + version);
                assertThat(reply.properties().path("Role").path("select").path("name").asText()).isEqualTo("King");
                assertThat(reply.properties().path("Tags").path("multi_select")).hasSize(2);
                assertThat(reply.properties().path("Age").path("number").asInt()).isEqualTo(87);
                assertThat(reply.lastEditedTime()).isEqualTo(minute);
                assertThat(reply.raw().path("last_edited_by").path("id").asText()).isEqualTo(bot);
                // Read after write: retrieve and query see the new values at once.
                assertThat(plain(c.retrievePage(NotionId.parse(aragorn.id())), "Bio")).endsWith(version.toString());
                assertThat(c.queryDatabase(NotionId.parse(db.id()), PageQuery.editedSince(minute))
                        .map(p -> plain(p, "Bio")).toList()).containsExactly("Heir of Isildur " + version);
            }
        }
        assertThat(notion.requestCount("PATCH", "/v1/pages/{id}")).isEqualTo(2);
    }

    @Test
    void trashesAndRestoresThroughInTrashOrArchived() {
        for (NotionApiVersion version : NotionApiVersion.values()) {
            try (HttpNotionClient c = client(version)) {
                NotionPage trashed = c.updatePage(NotionId.parse(aragorn.id()), JSON.createObjectNode(), true);
                assertThat(trashed.inTrash()).isTrue();
                assertThat(aragorn.inTrash()).isTrue();
                assertThat(c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).count()).isZero();
                // A trashed page cannot be edited until restored.
                assertThatThrownBy(() -> c.updatePage(NotionId.parse(aragorn.id()), text("Bio", "x"), null))
                        .isInstanceOf(NotionValidationException.class).hasMessageContaining("archived");
                NotionPage restored = c.updatePage(NotionId.parse(aragorn.id()), text("Bio", "back"), false);
                assertThat(restored.inTrash()).isFalse();
                assertThat(plain(restored, "Bio")).isEqualTo("back");
                assertThat(c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).count()).isEqualTo(1);
            }
        }
    }

    @Test
    void createsPagesWithContentUnderBothVersions() {
        String bot = notion.workspace().botUserId(token);
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            ObjectNode props = json("{'Name':{'title':[{'text':{'content':'Gandalf'}}]},'Role':{'select':"
                    + "{'name':'Wizard'}}}");
            NotionPage page = c.createPage(NotionId.parse(db.id()), null, props,
                    List.of(paragraph("A wizard is never late."), paragraph("Nor is he early.")));
            assertThat(page.dataSourceId()).isEqualTo(NotionId.parse(db.dataSourceIds().get(0)));
            assertThat(page.raw().path("created_by").path("id").asText()).isEqualTo(bot);
            assertThat(c.blockChildren(page.id()).map(b -> b.raw().path("paragraph").path("rich_text").get(0)
                    .path("plain_text").asText()).toList()).containsExactly("A wizard is never late.",
                    "Nor is he early.");
            NotionPage explicit = c.createPage(NotionId.parse(db.id()), NotionId.parse(db.dataSourceIds().get(0)),
                    json("{'Name':{'title':[{'text':{'content':'Frodo'}}]}}"), List.of());
            assertThat(c.retrievePage(explicit.id()).id()).isEqualTo(explicit.id());
        }
        try (HttpNotionClient c = client(NotionApiVersion.V2022_06_28)) {
            NotionPage page = c.createPage(NotionId.parse(db.id()), null,
                    json("{'Name':{'title':[{'text':{'content':'Sam'}}]}}"), List.of());
            assertThat(page.databaseId()).isEqualTo(NotionId.parse(db.id()));
            assertThat(page.dataSourceId()).isNull();
            assertThat(c.queryDatabase(NotionId.parse(db.id()), PageQuery.all()).count()).isEqualTo(4);
        }
        assertThat(db.dataSource().pageCount()).isEqualTo(4);
        // One GET of the database to find its data source, only when none was given.
        assertThat(notion.requestCount("GET", "/v1/databases/{id}")).isEqualTo(1);
    }

    @Test
    void appendsAndDeletesBlocks() {
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            NotionId page = NotionId.parse(aragorn.id());
            List<NotionBlock> first = c.appendBlockChildren(page, List.of(paragraph("one"), paragraph("two")));
            assertThat(first).extracting(NotionBlock::type).containsExactly("paragraph", "paragraph");
            ObjectNode item = json("{'type':'bulleted_list_item','bulleted_list_item':{'rich_text':[{'text':"
                    + "{'content':'item'}}],'children':[" + paragraph("nested") + "]}}");
            List<NotionBlock> second = c.appendBlockChildren(page, List.of(item));
            assertThat(second).singleElement().satisfies(b -> assertThat(b.hasChildren()).isTrue());
            assertThat(c.blockChildren(second.get(0).id()).toList()).hasSize(1);
            // Appending to a block puts the children under it.
            c.appendBlockChildren(first.get(0).id(), List.of(paragraph("under one")));
            assertThat(c.blockChildren(first.get(0).id()).toList()).hasSize(1);
            assertThat(c.blockChildren(page).map(NotionBlock::id).toList())
                    .containsExactly(first.get(0).id(), first.get(1).id(), second.get(0).id());

            c.deleteBlock(first.get(1).id());
            assertThat(c.blockChildren(page).map(NotionBlock::id).toList())
                    .containsExactly(first.get(0).id(), second.get(0).id());
            c.deleteBlock(first.get(1).id()); // already in the trash: not an error
            assertThatThrownBy(() -> c.deleteBlock(NotionId.parse("00000000-0000-4000-8000-000000000001")))
                    .isInstanceOf(NotionObjectNotFoundException.class);
        }
    }

    @Test
    void refusedWritesCarryNotionsMessageAndChangeNothing() {
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            NotionId id = NotionId.parse(aragorn.id());
            Instant before = aragorn.lastEditedTime();
            notion.clock().advance(Duration.ofMinutes(5));
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("{'Nickname':{'rich_text':[]}}", "Nickname is not a property that exists.");
            cases.put("{'Role':{'rich_text':[]}}", "Role is expected to be select.");
            cases.put("{'Label':{'formula':{'string':'x'}}}", "body.properties.Label.title should be defined");
            cases.put("{'Stage':{'status':{'name':'Published'}}}", " is an invalid status option \"Published\".");
            cases.put("{'Age':{'number':'old'}}", "body.properties.Age.number should be a number or `null`");
            cases.put("{'Bio':{'rich_text':[{'text':{'content':'" + "x".repeat(2001) + "'}}]}}",
                    "body.properties.Bio.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.");
            cases.put("{'Bio':{'rich_text':[{'text':{'content':'ok'}}]},'Role':{'select':'Ranger'}}",
                    "body.properties.Role.select should be an object");
            cases.forEach((props, message) -> assertThatThrownBy(() -> c.updatePage(id, json(props), null))
                    .isInstanceOfSatisfying(NotionValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("validation_error");
                        assertThat(e.notionMessage()).contains(message);
                        assertThat(e.getMessage()).doesNotContain(token);
                    }));
            assertThat(aragorn.lastEditedTime()).isEqualTo(before);
            assertThat(plain(c.retrievePage(id), "Bio")).isEmpty();
            assertThat(notion.requestCount("PATCH", "/v1/pages/{id}")).isEqualTo(cases.size());
        }
    }

    @Test
    void missingCapabilitiesAnswer403NamingTheCapability() {
        String readOnly = notion.workspace().createToken("reader", EnumSet.of(Capability.READ_CONTENT));
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03, readOnly)) {
            NotionId id = NotionId.parse(aragorn.id());
            assertThat(c.retrievePage(id).id()).isEqualTo(id);
            assertThatThrownBy(() -> c.updatePage(id, text("Bio", "x"), null))
                    .isInstanceOfSatisfying(NotionRestrictedResourceException.class,
                            e -> assertThat(e.neededCapability()).isEqualTo("update content"));
            assertThatThrownBy(() -> c.createPage(NotionId.parse(db.id()), null, JSON.createObjectNode(), List.of()))
                    .isInstanceOfSatisfying(NotionRestrictedResourceException.class,
                            e -> assertThat(e.neededCapability()).isEqualTo("insert content"));
            assertThatThrownBy(() -> c.appendBlockChildren(id, List.of(paragraph("x"))))
                    .hasMessageContaining("enable \"insert content\"");
            notion.workspace().setCapabilities(readOnly, EnumSet.of(Capability.INSERT_CONTENT));
            assertThatThrownBy(() -> c.retrievePage(id)).isInstanceOfSatisfying(
                    NotionRestrictedResourceException.class, e -> assertThat(e.neededCapability())
                            .isEqualTo("read content"));
        }
        // Not retried: one request per refused call.
        assertThat(notion.requestCount("PATCH", "/v1/pages/{id}")).isEqualTo(1);
        assertThat(notion.requestCount("POST", "/v1/pages")).isEqualTo(1);
    }

    @Test
    void conflictsAreNotRetried() {
        notion.faults().next("PATCH", "/v1/pages/{id}", Fault.status(409));
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            assertThatThrownBy(() -> c.updatePage(NotionId.parse(aragorn.id()), text("Bio", "x"), null))
                    .isInstanceOfSatisfying(NotionConflictException.class,
                            e -> assertThat(e.code()).isEqualTo("conflict_error"));
        }
        assertThat(notion.requestCount("PATCH", "/v1/pages/{id}")).isEqualTo(1);
        assertThat(aragorn.lastEditedTime()).isEqualTo(notion.clock().now());
    }

    @Test
    void updatesAndDeletesAreRetriedAfterServerErrorsAndLostReplies() {
        notion.faults().next("PATCH", "/v1/pages/{id}", Fault.status(503), Fault.status(502), Fault.replyLost());
        notion.faults().next("DELETE", "/v1/blocks/{id}", Fault.replyLost(504));
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            NotionPage page = c.updatePage(NotionId.parse(aragorn.id()), text("Bio", "retried"), null);
            assertThat(plain(page, "Bio")).isEqualTo("retried");
            assertThat(c.statistics().retries()).isEqualTo(3);
            NotionBlock block = c.appendBlockChildren(page.id(), List.of(paragraph("doomed"))).get(0);
            c.deleteBlock(block.id()); // applied, reply lost, retried: the block is already in the trash
            assertThat(c.blockChildren(page.id()).toList()).isEmpty();
        }
        assertThat(notion.requestCount("PATCH", "/v1/pages/{id}")).isEqualTo(4);
        assertThat(notion.requestCount("DELETE", "/v1/blocks/{id}")).isEqualTo(2);
    }

    @Test
    void createIsRetriedOn429Only() {
        notion.faults().next("POST", "/v1/pages", Fault.rateLimited(1));
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            c.createPage(NotionId.parse(db.id()), NotionId.parse(db.dataSourceIds().get(0)),
                    json("{'Name':{'title':[{'text':{'content':'Legolas'}}]}}"), List.of());
            assertThat(c.statistics().rateLimited()).isEqualTo(1);
            // Writes count like reads, for the client and for the calling thread.
            assertThat(c.statistics().requests()).isEqualTo(2);
            assertThat(c.statistics().retries()).isEqualTo(1);
        }
        assertThat(notion.requestCount("POST", "/v1/pages")).isEqualTo(2);
        assertThat(db.dataSource().pageCount()).isEqualTo(2);
    }

    @Test
    void createsAndAppendsThatMayHaveHappenedThrowAndAreNeverRepeated() {
        NotionId source = NotionId.parse(db.dataSourceIds().get(0));
        ObjectNode gimli = json("{'Name':{'title':[{'text':{'content':'Gimli'}}]}}");
        List<Fault> faults = List.of(Fault.status(500), Fault.status(502), Fault.status(503), Fault.replyLost(),
                Fault.replyLost(502), Fault.replyLost(504), Fault.malformedBody());
        int applied = 0;
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            for (Fault fault : faults) {
                notion.faults().next("POST", "/v1/pages", fault);
                assertThatThrownBy(() -> c.createPage(NotionId.parse(db.id()), source, gimli, List.of()))
                        .as("%s", fault).isInstanceOf(NotionWriteOutcomeUnknownException.class)
                        .hasMessageContaining("may or may not have been applied");
                if (fault.kind() == Fault.Kind.LOST_REPLY) {
                    applied++;
                }
                // Exactly once: the write happened once when Notion applied it, never twice.
                assertThat(db.dataSource().pages().stream().filter(p -> p.title().equals("Gimli")).count())
                        .as("%s", fault).isEqualTo(applied);
            }
            assertThat(notion.requestCount("POST", "/v1/pages")).isEqualTo(faults.size());

            notion.faults().next("PATCH", "/v1/blocks/{id}/children", Fault.replyLost());
            assertThatThrownBy(() -> c.appendBlockChildren(NotionId.parse(aragorn.id()), List.of(paragraph("once"))))
                    .isInstanceOf(NotionWriteOutcomeUnknownException.class);
            assertThat(aragorn.blockIds()).hasSize(1);
        }
        assertThat(applied).isEqualTo(3);
    }

    @Test
    void aCreateThatCouldNotConnectIsRetriedAndKnownNotToHaveHappened() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpNotionClient c = HttpNotionClient.builder().token(token)
                .baseUrl(java.net.URI.create("http://127.0.0.1:" + closedPort)).noRateLimit()
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10)))
                .build()) {
            assertThatThrownBy(() -> c.createPage(NotionId.parse(db.id()), NotionId.parse(db.dataSourceIds().get(0)),
                    JSON.createObjectNode(), List.of()))
                    .isInstanceOf(io.github.notionsync.client.NotionTransportException.class)
                    .isNotInstanceOf(NotionWriteOutcomeUnknownException.class)
                    .hasMessageContaining("after 3 attempts");
        }
    }

    @Test
    void theClientRefusesMoreThanAHundredChildrenBeforeSending() {
        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(paragraph("p" + i));
        }
        try (HttpNotionClient c = client(NotionApiVersion.V2025_09_03)) {
            assertThatThrownBy(() -> c.appendBlockChildren(NotionId.parse(aragorn.id()), many))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 101");
            assertThatThrownBy(() -> c.appendBlockChildren(NotionId.parse(aragorn.id()), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            c.appendBlockChildren(NotionId.parse(aragorn.id()), many.subList(0, 100));
        }
        assertThat(notion.requestCount("PATCH", "/v1/blocks/{id}/children")).isEqualTo(1);
        assertThat(aragorn.blockIds()).hasSize(100);
    }
}
