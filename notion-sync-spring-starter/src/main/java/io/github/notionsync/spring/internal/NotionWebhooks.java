package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.InvalidNotionIdException;
import io.github.notionsync.NotionId;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint Notion's integration webhooks post to ({@code notion.sync.webhooks.path}).
 *
 * <ul>
 *   <li>The subscription handshake, {@code {"verification_token": "…"}}, is stored in
 *       {@code notion_sync_webhook_verifications} for an administrator to read; it is never
 *       logged, and never trusted until configured as {@code notion.sync.webhooks.verification-token}.
 *       Anyone can post one, so at most {@value #HANDSHAKES_PER_MINUTE} a minute are taken on this
 *       instance (then 429), the table keeps the newest ten, and once a token is configured
 *       handshakes are refused (409).</li>
 *   <li>Every event must carry {@code X-Notion-Signature: sha256=<HMAC-SHA256 of the raw body
 *       under the verification token>}, compared in constant time; otherwise 401.</li>
 *   <li>A signed event must be dated (its {@code timestamp}) within the tolerance of this server's
 *       time (400 otherwise), and is taken once: a repeated delivery of its {@code id}, on any
 *       instance, is acknowledged and does nothing. A captured delivery replayed later is
 *       therefore worthless.</li>
 *   <li>Events are signals: page and data source events queue a sync of the database they
 *       concern (see {@link WebhookDispatcher}); others are acknowledged and ignored.</li>
 * </ul>
 * Notion cannot authenticate as a user: an application with Spring Security must let requests
 * to this path through; the signature is what authenticates them.
 */
@RestController
public class NotionWebhooks {

    private static final Logger log = LoggerFactory.getLogger(NotionWebhooks.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Events an incremental sync may not see, because the pages' edit times need not move: pages
     * or databases gone from query results or back in them, and renamed or retyped properties
     * (whose new names every mirrored page must take).
     */
    private static final Set<String> FULL_PASS = Set.of("page.deleted", "page.undeleted", "page.moved",
            "database.deleted", "database.undeleted", "database.moved", "database.schema_updated",
            "data_source.deleted", "data_source.undeleted", "data_source.moved", "data_source.schema_updated");

    /** Handshakes taken per minute on one instance while no verification token is configured. */
    public static final int HANDSHAKES_PER_MINUTE = 5;

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final WebhookDispatcher dispatcher;
    private final byte[] key;
    private final long maxBody;
    private final Duration tolerance;
    private final Deque<Instant> handshakes = new ArrayDeque<>();
    private Instant lastRefusalLogged;

    /**
     * @param maxBody the largest delivery taken, in bytes ({@code notion.sync.limits.max-webhook-body})
     * @param tolerance how far an event's timestamp may be from now ({@code notion.sync.webhooks.tolerance})
     */
    public NotionWebhooks(WebhookDispatcher dispatcher, String verificationToken, long maxBody, Duration tolerance) {
        this.dispatcher = dispatcher;
        this.key = verificationToken == null || verificationToken.isBlank() ? null
                : verificationToken.getBytes(StandardCharsets.UTF_8);
        this.maxBody = maxBody;
        this.tolerance = tolerance;
    }

    /** Reads the body within the limit, before anything else: the endpoint is open to anyone. */
    @PostMapping(path = "${notion.sync.webhooks.path:/api/notion/webhooks}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> receive(HttpServletRequest request,
            @RequestHeader(name = "X-Notion-Signature", required = false) String signature) throws IOException {
        byte[] body = RequestBodies.read(request, maxBody, NotionSyncRequestFilter.WEBHOOK_LIMIT);
        if (body.length == 0) {
            return reply(HttpStatus.BAD_REQUEST, "bad_request", "The body must be a JSON object");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            return reply(HttpStatus.BAD_REQUEST, "bad_request", "The body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            return reply(HttpStatus.BAD_REQUEST, "bad_request", "The body must be a JSON object");
        }
        JsonNode token = json.get("verification_token");
        if (token != null && !json.has("type")) {
            if (key != null) {
                return reply(HttpStatus.CONFLICT, "already_verified", "notion.sync.webhooks.verification-token is"
                        + " set, so this endpoint takes no handshake; to verify a new subscription, unset it first");
            }
            if (!token.isTextual() || token.asText().isBlank() || token.asText().length() > 500) {
                return reply(HttpStatus.BAD_REQUEST, "bad_request", "verification_token must be a short string");
            }
            Duration wait = admitHandshake(dispatcher.clock().instant());
            if (wait != null) {
                log.debug("A webhook handshake was refused: more than {} a minute", HANDSHAKES_PER_MINUTE);
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header("Retry-After", String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)))
                        .body(NotionSyncController.error(429, "too_many_handshakes", "At most "
                                + HANDSHAKES_PER_MINUTE + " handshakes a minute are taken; try again later"));
            }
            dispatcher.storeVerificationToken(token.asText());
            log.info("Notion sent a webhook verification token. Read it with: SELECT verification_token FROM"
                    + " notion_sync_webhook_verifications ORDER BY received_at DESC LIMIT 1; paste it into the"
                    + " subscription in Notion and set notion.sync.webhooks.verification-token to it");
            return reply(HttpStatus.OK, "verification_received", "Stored; an administrator reads it from"
                    + " notion_sync_webhook_verifications");
        }
        if (key == null) {
            log.warn("A Notion webhook event arrived but notion.sync.webhooks.verification-token is not set;"
                    + " it was refused");
            return reply(HttpStatus.UNAUTHORIZED, "not_verified", "This endpoint has no verification token yet");
        }
        if (!signedByNotion(body, signature)) {
            return reply(HttpStatus.UNAUTHORIZED, "bad_signature", "X-Notion-Signature is missing or wrong");
        }
        JsonNode id = json.get("id");
        Instant at = timestamp(json.get("timestamp"));
        if (id == null || !id.isTextual() || id.asText().isEmpty() || id.asText().length() > 200 || at == null) {
            return reply(HttpStatus.BAD_REQUEST, "bad_event", "An event needs an id and an ISO-8601 timestamp");
        }
        String type = json.path("type").asText("");
        Instant now = dispatcher.clock().instant();
        if (Duration.between(at, now).abs().compareTo(tolerance) > 0) {
            log.info("Notion webhook {} {} refused: dated {}, more than {} from now", type, id.asText(), at,
                    tolerance);
            return reply(HttpStatus.BAD_REQUEST, "outside_tolerance", "The event is dated " + at + ", more than "
                    + tolerance + " from this server's time (" + now + "); it is not synced, the scheduled sync"
                    + " brings its change");
        }
        if (!dispatcher.firstDelivery(id.asText(), at, now.minus(tolerance.multipliedBy(2)))) {
            log.debug("Notion webhook {} {} was delivered before; ignored", type, id.asText());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("received", type);
            out.put("duplicate", true);
            out.put("databases", 0);
            return ResponseEntity.ok(out);
        }
        int targets = 0;
        if (type.startsWith("page.") || type.startsWith("data_source.") || type.startsWith("database.")) {
            JsonNode entity = json.path("entity");
            JsonNode parent = json.path("data").path("parent");
            NotionId database = null;
            NotionId page = null;
            String entityType = entity.path("type").asText("");
            if (entityType.equals("page")) {
                page = id(entity.path("id"));
                if (parent.path("type").asText("").equals("database")) {
                    database = id(parent.path("id"));
                }
            } else if (entityType.equals("database")) {
                database = id(entity.path("id"));
            } else if (entityType.equals("data_source") && parent.path("type").asText("").equals("database")) {
                database = id(parent.path("id"));
            }
            targets = dispatcher.dispatch(database, page, FULL_PASS.contains(type));
        }
        log.debug("Notion webhook {} {}: {} databases to sync", type, json.path("id").asText(""), targets);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("received", type);
        out.put("duplicate", false);
        out.put("databases", targets);
        return ResponseEntity.ok(out);
    }

    /** Takes a handshake if fewer than the limit came in the last minute; else how long until one may. */
    private synchronized Duration admitHandshake(Instant now) {
        while (!handshakes.isEmpty() && !handshakes.peekFirst().isAfter(now.minus(MINUTE))) {
            handshakes.removeFirst();
        }
        if (handshakes.size() >= HANDSHAKES_PER_MINUTE) {
            if (lastRefusalLogged == null || !lastRefusalLogged.isAfter(now.minus(MINUTE))) {
                // Once a minute at most: a flood of handshakes must not flood the log too.
                lastRefusalLogged = now;
                log.warn("Webhook handshakes are refused: more than {} a minute arrive, and Notion sends one per"
                        + " subscription; someone else may be posting them", HANDSHAKES_PER_MINUTE);
            }
            return Duration.between(now, handshakes.peekFirst().plus(MINUTE));
        }
        handshakes.addLast(now);
        return null;
    }

    /** An event's ISO-8601 timestamp, or {@code null} if it has none. */
    private static Instant timestamp(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether the signature is HMAC-SHA256 of exactly these bytes under the verification token. */
    boolean signedByNotion(byte[] body, String signature) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(key, body), given);
    }

    static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static NotionId id(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return NotionId.parse(node.asText());
        } catch (InvalidNotionIdException e) {
            return null;
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(RequestBodies.TooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(RequestBodies.TooLargeException e) {
        return ResponseEntity.status(413).header("Connection", "close").body(e.body());
    }

    private static ResponseEntity<Map<String, Object>> reply(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(NotionSyncController.error(status.value(), code, message));
    }
}
