package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The one shape of every notion-sync error reply: {@code {"success": false, "status": 404,
 * "error": "not_found", "message": "…"}}, with a few more fields where they help (e.g.
 * {@code max_bytes} of a 413).
 */
public final class JsonErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonErrors() {
    }

    /** The error body. */
    public static Map<String, Object> body(int status, String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("success", false);
        e.put("status", status);
        e.put("error", code);
        e.put("message", message);
        return e;
    }

    /** The code of an error that has no more specific one: the status's name in lower case. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 431 -> "request_header_fields_too_large";
            case 500 -> "internal_error";
            case 503 -> "service_unavailable";
            default -> {
                HttpStatus s = HttpStatus.resolve(status);
                yield s == null ? "error_" + status : s.name().toLowerCase(java.util.Locale.ROOT);
            }
        };
    }

    /** The body as JSON text. */
    public static String json(Map<String, Object> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An error body is not serialisable", e);
        }
    }

    /** Writes an error as the whole response, keeping headers already set (Allow, WWW-Authenticate). */
    static void write(HttpServletResponse response, Map<String, Object> body) throws IOException {
        byte[] bytes = json(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus((Integer) body.get("status"));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(new String(bytes, StandardCharsets.UTF_8));
        }
        response.flushBuffer();
    }
}
