package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.InvalidChangeException;
import io.github.notionsync.NotionSync;
import io.github.notionsync.NotionWrites;
import io.github.notionsync.OutboxChange;
import io.github.notionsync.spring.CurrentUserResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writing back to Notion for the current user: each endpoint enqueues a change (checked at once:
 * 400 naming the property, 404 for a page or database the user has not mirrored) and answers
 * {@code 202} with the change and its {@code Location}; {@code GET /api/notion/changes/{id}} tells
 * where it stands ({@code pending}, {@code applying}, {@code applied}, {@code conflict},
 * {@code failed}).
 */
@RestController
@RequestMapping(path = "/api/notion", produces = MediaType.APPLICATION_JSON_VALUE)
public class NotionWritesController {

    /** Strict, as the other endpoints: a repeated field or anything after the object is malformed. */
    private static final ObjectMapper MAPPER = NotionSyncController.MAPPER;

    private final NotionSync sync;
    private final CurrentUserResolver users;
    private final long maxBody;

    /** @param maxBody the largest request body taken, in bytes */
    public NotionWritesController(NotionSync sync, CurrentUserResolver users, long maxBody) {
        this.sync = sync;
        this.users = users;
        this.maxBody = maxBody;
    }

    /**
     * {@code {"properties": {"Role": "Mentor", "tags": ["Brave"]}}}, optionally with
     * {@code "base_last_edited_time"} (default: the mirror's).
     */
    @PatchMapping(path = "/pages/{id}")
    public ResponseEntity<Map<String, Object>> update(HttpServletRequest request, @PathVariable String id)
            throws IOException {
        String user = currentUser(request);
        JsonNode body = body(request);
        Instant base = null;
        JsonNode b = body.get("base_last_edited_time");
        if (b != null && !b.isNull()) {
            try {
                base = Instant.parse(b.asText());
            } catch (DateTimeParseException e) {
                throw new NotionSyncController.BadRequest("base_last_edited_time must be an ISO 8601 instant, not '"
                        + shorten(b.asText()) + "'");
            }
        }
        return accepted(user, writes().updatePage(user, id, properties(body, true), base));
    }

    /** {@code {"properties": {...}, "content_markdown": "..."}}: a new page in a mirrored database. */
    @PostMapping(path = "/databases/{id}/pages")
    public ResponseEntity<Map<String, Object>> create(HttpServletRequest request, @PathVariable String id)
            throws IOException {
        String user = currentUser(request);
        JsonNode body = body(request);
        return accepted(user, writes().createPage(user, id, properties(body, false), markdown(body, false)));
    }

    /** Moves the page to Notion's trash. */
    @DeleteMapping(path = "/pages/{id}")
    public ResponseEntity<Map<String, Object>> trash(HttpServletRequest request, @PathVariable String id) {
        String user = currentUser(request);
        return accepted(user, writes().trashPage(user, id));
    }

    /** Takes the page out of Notion's trash. */
    @PostMapping(path = "/pages/{id}/restore")
    public ResponseEntity<Map<String, Object>> restore(HttpServletRequest request, @PathVariable String id) {
        String user = currentUser(request);
        return accepted(user, writes().restorePage(user, id));
    }

    /** {@code {"content_markdown": "..."}} appended at the end of the page. */
    @PostMapping(path = "/pages/{id}/content")
    public ResponseEntity<Map<String, Object>> append(HttpServletRequest request, @PathVariable String id)
            throws IOException {
        String user = currentUser(request);
        return accepted(user, writes().appendContent(user, id, markdown(body(request), true)));
    }

    /** {@code {"content_markdown": "..."}} replacing the page's content. */
    @PutMapping(path = "/pages/{id}/content")
    public ResponseEntity<Map<String, Object>> replace(HttpServletRequest request, @PathVariable String id)
            throws IOException {
        String user = currentUser(request);
        return accepted(user, writes().replaceContent(user, id, markdown(body(request), true)));
    }

    /** A change of the current user and where it stands. */
    @GetMapping(path = "/changes/{id}")
    public ResponseEntity<Map<String, Object>> change(HttpServletRequest request, @PathVariable long id) {
        String user = currentUser(request);
        return writes().change(user, id).map(c -> ResponseEntity.ok(json(c)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(JsonErrors.body(404, "not_found", "No change " + id)));
    }

    private NotionWrites writes() {
        return sync.writes();
    }

    private ResponseEntity<Map<String, Object>> accepted(String user, long id) {
        OutboxChange c = writes().change(user, id).orElseThrow();
        return ResponseEntity.accepted().location(URI.create("/api/notion/changes/" + id)).body(json(c));
    }

    static Map<String, Object> json(OutboxChange c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("change_id", c.id());
        out.put("operation", c.operation().code());
        out.put("status", c.status().code());
        out.put("database_id", c.databaseId().value());
        out.put("page_id", c.pageId() == null ? null : c.pageId().value());
        out.put("properties", c.properties());
        out.put("base_last_edited_time", text(c.baseLastEditedTime()));
        out.put("attempts", c.attempts());
        out.put("last_error", c.lastError());
        out.put("conflict_notion", c.conflictNotion());
        out.put("resolution", c.resolution());
        out.put("applied_last_edited_time", text(c.appliedLastEditedTime()));
        out.put("created_at", text(c.createdAt()));
        out.put("updated_at", text(c.updatedAt()));
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        JsonNode json = NotionSyncController.jsonBody(request, maxBody);
        if (json == null || !json.isObject()) {
            throw new NotionSyncController.BadRequest("The body must be a JSON object");
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(JsonNode body, boolean required) {
        JsonNode p = body.get("properties");
        if (p == null || p.isNull()) {
            if (required) {
                throw new NotionSyncController.BadRequest("properties is required: {\"properties\": {\"Role\": \"Mentor\"}}");
            }
            return Map.of();
        }
        if (!p.isObject()) {
            throw new NotionSyncController.BadRequest("properties must be a JSON object of property name to value");
        }
        return MAPPER.convertValue(p, Map.class);
    }

    private static String markdown(JsonNode body, boolean required) {
        JsonNode m = body.get("content_markdown");
        if (m == null || m.isNull()) {
            if (required) {
                throw new NotionSyncController.BadRequest("content_markdown is required");
            }
            return null;
        }
        if (!m.isTextual()) {
            throw new NotionSyncController.BadRequest("content_markdown must be a string");
        }
        return m.asText();
    }

    private String currentUser(HttpServletRequest request) {
        return users.currentUser(request).orElseThrow(NotionSyncController.Unauthenticated::new);
    }

    private static String shorten(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(InvalidChangeException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidChangeException e) {
        int status = e.targetNotFound() ? 404 : 400;
        Map<String, Object> body = JsonErrors.body(status, e.targetNotFound() ? "not_found" : "invalid_change",
                e.getMessage());
        if (e.property() != null) {
            body.put("property", e.property());
        }
        return ResponseEntity.status(status).body(body);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(NotionSyncController.BadRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(NotionSyncController.BadRequest e) {
        return ResponseEntity.badRequest().body(JsonErrors.body(400, "bad_request", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(NotionSyncController.UnsupportedType.class)
    ResponseEntity<Map<String, Object>> unsupported(NotionSyncController.UnsupportedType e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(JsonErrors.body(415, "unsupported_media_type", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(NotionSyncController.Unauthenticated.class)
    ResponseEntity<Map<String, Object>> unauthenticated(NotionSyncController.Unauthenticated e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(JsonErrors.body(401, "unauthorized", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(RequestBodies.TooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(RequestBodies.TooLargeException e) {
        return ResponseEntity.status(413).header("Connection", "close").body(e.body());
    }
}
