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
 *       logged, and never trusted until configured as {@code notion.sync.webhooks.verification-token}.</li>
 *   <li>Every event must carry {@code X-Notion-Signature: sha256=<HMAC-SHA256 of the raw body
 *       under the verification token>}, compared in constant time; otherwise 401.</li>
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

    private final WebhookDispatcher dispatcher;
    private final byte[] key;
    private final long maxBody;

    /**
     * @param maxBody the largest delivery taken, in bytes ({@code notion.sync.limits.max-webhook-body})
     */
    public NotionWebhooks(WebhookDispatcher dispatcher, String verificationToken, long maxBody) {
        this.dispatcher = dispatcher;
        this.key = verificationToken == null || verificationToken.isBlank() ? null
                : verificationToken.getBytes(StandardCharsets.UTF_8);
        this.maxBody = maxBody;
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
            if (!token.isTextual() || token.asText().isBlank() || token.asText().length() > 500) {
                return reply(HttpStatus.BAD_REQUEST, "bad_request", "verification_token must be a short string");
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
        String type = json.path("type").asText("");
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
        out.put("databases", targets);
        return ResponseEntity.ok(out);
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
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).header("Connection", "close").body(e.body());
    }

    private static ResponseEntity<Map<String, Object>> reply(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(NotionSyncController.error(status.value(), code, message));
    }
}
