package io.github.notionsync.examples.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageExtractor;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.testkit.emulator.Block;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.PropertyValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Edits the emulated demo workspace while the demo runs, as a writer editing Notion would: add a
 * page, change one, move one to the trash. Syncing afterwards shows incremental sync (new and
 * changed pages) and, on a full pass, deletion detection.
 *
 * <pre>
 * GET    /demo/notion                          the databases and their pages
 * GET    /demo/notion/{database}/{title}       a page's properties as Notion serves them now
 * POST   /demo/notion/{database}               {"title": "...", "text": "..."} adds a page
 * PATCH  /demo/notion/{database}/{title}       {"title": "...", "text": "..."} edits a page
 * DELETE /demo/notion/{database}/{title}       moves a page to the trash
 * </pre>
 * {@code database} is characters, worlds, stories or chat-sessions; {@code text} goes to the
 * database's main text property (Bio, Description, Summary, Topic).
 */
@RestController
@RequestMapping(path = "/demo/notion", produces = MediaType.APPLICATION_JSON_VALUE)
class DemoWorkspaceController {

    private final NotionEmulator notion;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    /** Reads pages through the emulator's API, as a Notion client sees them. */
    private final HttpNotionClient reader;

    /** A demo database and the rich-text property its {@code text} edits. */
    private record Target(EmulatedDatabase database, String textProperty) {
    }

    DemoWorkspaceController(NotionEmulator notion, DemoWorkspace demo) {
        this.notion = notion;
        this.reader = HttpNotionClient.builder().token(demo.token()).baseUrl(notion.baseUrl()).noRateLimit().build();
        targets.put("characters", new Target(demo.characters(), "Bio"));
        targets.put("worlds", new Target(demo.worlds(), "Description"));
        targets.put("stories", new Target(demo.stories(), "Summary"));
        targets.put("chat-sessions", new Target(demo.chatSessions(), "Topic"));
    }

    @GetMapping
    public Map<String, Object> workspace() {
        List<Map<String, Object>> databases = new ArrayList<>();
        targets.forEach((key, t) -> {
            List<Map<String, Object>> pages = new ArrayList<>();
            for (EmulatedPage p : t.database().dataSource().pages()) {
                pages.add(page(p));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", key);
            d.put("id", t.database().id());
            d.put("title", t.database().title());
            d.put("text_property", t.textProperty());
            d.put("pages", pages);
            databases.add(d);
        });
        return Map.of("databases", databases);
    }

    /** A page's properties as plain text, read from the emulated Notion (to see what writing back did). */
    @GetMapping(path = "/{database}/{title}")
    public Map<String, Object> show(@PathVariable String database, @PathVariable String title) {
        EmulatedPage page = existing(target(database), title);
        NotionPage p = reader.retrievePage(NotionId.parse(page.id()));
        Map<String, Object> properties = new java.util.TreeMap<>();
        PageExtractor.standard().extract(p, null, PropertyMapping.defaults(TargetKind.PAGES)).properties()
                .properties().forEach(e -> properties.put(e.getKey(), e.getValue().path("text").asText()));
        Map<String, Object> m = page(page);
        m.put("last_edited_by", p.raw().path("last_edited_by").path("id").asText(null));
        m.put("properties", properties);
        return m;
    }

    @PostMapping(path = "/{database}")
    public ResponseEntity<Map<String, Object>> add(@PathVariable String database, @RequestBody JsonNode body) {
        Target t = target(database);
        String title = text(body, "title");
        if (title == null) {
            throw new DemoEditException(HttpStatus.BAD_REQUEST, "A new page needs a \"title\"");
        }
        if (find(t, title) != null) {
            throw new DemoEditException(HttpStatus.CONFLICT, "There is already a page titled '" + title + "' in "
                    + t.database().title());
        }
        String text = text(body, "text");
        tick();
        PropertyValues.Builder values = PropertyValues.builder().title(title);
        EmulatedPage page = text == null ? t.database().addPage(values.build())
                : t.database().addPage(values.text(t.textProperty(), text).build(), Block.paragraph(text));
        return ResponseEntity.status(HttpStatus.CREATED).body(page(page));
    }

    @PatchMapping(path = "/{database}/{title}")
    public Map<String, Object> edit(@PathVariable String database, @PathVariable String title,
            @RequestBody JsonNode body) {
        Target t = target(database);
        EmulatedPage page = existing(t, title);
        String newTitle = text(body, "title");
        String text = text(body, "text");
        if (newTitle == null && text == null) {
            throw new DemoEditException(HttpStatus.BAD_REQUEST, "Nothing to change: give \"title\" and/or \"text\"");
        }
        tick();
        PropertyValues.Builder values = PropertyValues.builder();
        if (newTitle != null) {
            values.title(newTitle);
        }
        if (text != null) {
            values.text(t.textProperty(), text);
        }
        page.update(values.build());
        if (text != null) {
            page.appendBlocks(Block.paragraph(text));
        }
        return page(page);
    }

    @DeleteMapping(path = "/{database}/{title}")
    public Map<String, Object> trash(@PathVariable String database, @PathVariable String title) {
        EmulatedPage page = existing(target(database), title);
        tick();
        page.trash();
        return page(page);
    }

    /** Edits carry the real time, as they would in Notion (the emulator's clock otherwise stands still). */
    private void tick() {
        Instant now = Instant.now();
        if (now.isAfter(notion.clock().now())) {
            notion.clock().set(now);
        }
    }

    private Target target(String key) {
        Target t = targets.get(key.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new DemoEditException(HttpStatus.NOT_FOUND, "No demo database '" + key + "'; use one of "
                    + String.join(", ", targets.keySet()));
        }
        return t;
    }

    private static EmulatedPage find(Target t, String title) {
        for (EmulatedPage p : t.database().dataSource().pages()) {
            if (!p.inTrash() && !p.archived() && p.title().equalsIgnoreCase(title)) {
                return p;
            }
        }
        return null;
    }

    private static EmulatedPage existing(Target t, String title) {
        EmulatedPage p = find(t, title);
        if (p == null) {
            throw new DemoEditException(HttpStatus.NOT_FOUND, "No page titled '" + title + "' in "
                    + t.database().title() + " (trashed pages cannot be edited)");
        }
        return p;
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw new DemoEditException(HttpStatus.BAD_REQUEST, "The body must be a JSON object");
        }
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new DemoEditException(HttpStatus.BAD_REQUEST, "\"" + field + "\" must be a non-empty string");
        }
        return n.asText();
    }

    private static Map<String, Object> page(EmulatedPage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("title", p.title());
        m.put("last_edited_time", p.lastEditedTime().toString());
        m.put("in_trash", p.inTrash());
        return m;
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(DemoEditException.class)
    ResponseEntity<Map<String, Object>> failed(DemoEditException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status.value());
        body.put("message", e.getMessage());
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** A demo edit that cannot be done, with its HTTP status. */
    static final class DemoEditException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HttpStatus status;

        DemoEditException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
