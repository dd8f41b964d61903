package io.github.notionsync.spring.internal;

import io.github.notionsync.spring.CurrentUserResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/notion/events}: the current user's committed changes as Server-Sent Events,
 * each with its change log id as {@code id:}; a {@code Last-Event-ID} header resumes after that
 * id from the change log.
 */
@RestController
@RequestMapping(path = "/api/notion")
public class NotionSyncEventsController {

    private final ChangeStreams streams;
    private final CurrentUserResolver users;

    public NotionSyncEventsController(ChangeStreams streams, CurrentUserResolver users) {
        this.streams = streams;
        this.users = users;
    }

    @GetMapping(path = "/events")
    public SseEmitter events(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> user = users.currentUser(request);
        if (user.isEmpty()) {
            JsonErrors.write(response, JsonErrors.body(401, "unauthorized", "Authentication required"));
            return null;
        }
        Long lastEventId = null;
        String header = request.getHeader("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            try {
                lastEventId = Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                JsonErrors.write(response, JsonErrors.body(400, "bad_request",
                        "Last-Event-ID must be an event id (a whole number)"));
                return null;
            }
        }
        Optional<SseEmitter> emitter = streams.open(user.get(), lastEventId);
        if (emitter.isEmpty()) {
            response.setHeader("Retry-After", "5");
            JsonErrors.write(response, JsonErrors.body(503, "too_many_streams",
                    "This server streams to as many clients as it may; try again later"));
            return null;
        }
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        return emitter.get();
    }
}
