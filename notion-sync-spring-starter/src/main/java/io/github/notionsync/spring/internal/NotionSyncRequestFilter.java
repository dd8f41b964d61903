package io.github.notionsync.spring.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards notion-sync's own paths ({@code /api/notion/**} and the webhook path), and only those:
 * every error there is answered as JSON ({@link JsonErrors}) instead of the container's or Spring
 * Boot's error page, whoever raised it (Spring MVC for unknown paths, wrong methods or bad
 * parameters, Spring Security for a missing login, an exception nobody handled).
 *
 * <p>It runs before every other filter of the application that could read a request, so that
 * nothing else answers first.
 */
public final class NotionSyncRequestFilter extends OncePerRequestFilter {

    /** Before Spring's FormContentFilter (-9900) and Spring Security (-100). */
    public static final int ORDER = -10_000;

    /** The REST endpoints' path prefix. */
    static final String API = "/api/notion";

    private static final Logger log = LoggerFactory.getLogger(NotionSyncRequestFilter.class);

    private final String webhookPath;

    /**
     * @param webhookPath the webhook endpoint's path, or {@code null} without webhooks
     */
    public NotionSyncRequestFilter(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    /** Whether a path (within the application, decoded) is one of notion-sync's JSON endpoints. */
    boolean isApi(String path) {
        return path.equals(API) || path.startsWith(API + "/") || path.equals(webhookPath);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isApi(path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, new JsonErrorResponse(request, response));
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            log.error("{} {} failed", request.getMethod(), path(request), e);
            response.reset();
            JsonErrors.write(response, JsonErrors.body(500, "internal_error",
                    "The request failed on the server; see its log"));
        }
    }

    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        return (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    }

    /** Turns {@code sendError} into a JSON reply, written at once, instead of the error page dispatch. */
    private static final class JsonErrorResponse extends HttpServletResponseWrapper {

        private final HttpServletRequest request;

        JsonErrorResponse(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (response.isCommitted()) {
                throw new IllegalStateException("Cannot send error " + status + ": the response is committed");
            }
            response.resetBuffer();
            JsonErrors.write(response, JsonErrors.body(status, JsonErrors.code(status),
                    message(status, message, response)));
        }

        private String message(int status, String given, HttpServletResponse response) {
            String at = request.getMethod() + " " + path(request);
            return switch (status) {
                case 404 -> "No notion-sync endpoint at " + at;
                case 405 -> request.getMethod() + " is not allowed on " + path(request)
                        + (response.getHeader("Allow") == null ? "" : "; allowed: " + response.getHeader("Allow"));
                case 406 -> "This endpoint answers application/json only";
                case 415 -> "The body must be JSON (Content-Type: application/json)";
                default -> {
                    if (given != null && !given.isBlank()) {
                        yield given;
                    }
                    HttpStatus s = HttpStatus.resolve(status);
                    yield s == null ? "Error " + status : s.getReasonPhrase();
                }
            };
        }
    }
}
