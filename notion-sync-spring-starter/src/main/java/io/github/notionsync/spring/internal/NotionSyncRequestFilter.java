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
 * Guards notion-sync's own paths ({@code /api/notion/**}, the webhook path and the dashboard), and
 * only those:
 * <ul>
 *   <li>Request bodies are limited while they stream in ({@link RequestBodies}): a body that
 *       declares a larger length is refused before it is read, one that turns out larger as soon as
 *       it passes the limit, with 413 and the connection closed. Form and multipart bodies, which
 *       the container would parse itself, are refused (415) before anything reads them.</li>
 *   <li>Every error on the JSON endpoints is answered as JSON ({@link JsonErrors}) instead of the
 *       container's or Spring Boot's error page, whoever raised it (Spring MVC for unknown paths,
 *       wrong methods or bad parameters, Spring Security for a missing login, an exception nobody
 *       handled).</li>
 *   <li>Requests that change something ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
 *       on the JSON endpoints other than the webhook are refused (403) when a browser says they
 *       come from another site: a {@code Sec-Fetch-Site} other than {@code same-origin} or
 *       {@code none}, or an {@code Origin} whose host and port are not the request's. With the
 *       JSON-only bodies this keeps other sites' pages from acting for a signed-in user (CSRF);
 *       clients that are not browsers send neither header and are not affected.</li>
 * </ul>
 * It runs before every other filter of the application that could read a request, so that
 * nothing else reads a body first.
 */
public final class NotionSyncRequestFilter extends OncePerRequestFilter {

    /** Before Spring's FormContentFilter (-9900) and Spring Security (-100). */
    public static final int ORDER = -10_000;

    /** The REST endpoints' path prefix. */
    static final String API = "/api/notion";

    static final String REST_LIMIT = "notion.sync.limits.max-request-body";
    static final String WEBHOOK_LIMIT = "notion.sync.limits.max-webhook-body";

    private static final Logger log = LoggerFactory.getLogger(NotionSyncRequestFilter.class);

    private final String webhookPath;
    private final String dashboardPath;
    private final long maxRequestBody;
    private final long maxWebhookBody;

    /**
     * @param webhookPath the webhook endpoint's path, or {@code null} without webhooks
     * @param dashboardPath the dashboard's path, or {@code null} without it
     * @param maxRequestBody the largest body of a REST or dashboard request, in bytes
     * @param maxWebhookBody the largest body of a webhook delivery, in bytes
     */
    public NotionSyncRequestFilter(String webhookPath, String dashboardPath, long maxRequestBody,
            long maxWebhookBody) {
        if (maxRequestBody < 1 || maxWebhookBody < 1) {
            throw new IllegalArgumentException("body limits must be positive");
        }
        this.webhookPath = webhookPath;
        this.dashboardPath = dashboardPath;
        this.maxRequestBody = maxRequestBody;
        this.maxWebhookBody = maxWebhookBody;
    }

    /** Whether a path (within the application, decoded) is one of notion-sync's JSON endpoints. */
    boolean isApi(String path) {
        return path.equals(API) || path.startsWith(API + "/") || path.equals(webhookPath);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !isApi(path) && !path.equals(dashboardPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        boolean api = isApi(path);
        boolean webhook = path.equals(webhookPath);
        long limit = webhook ? maxWebhookBody : maxRequestBody;
        String property = webhook ? WEBHOOK_LIMIT : REST_LIMIT;
        if (request.getContentLengthLong() > limit) {
            tooLarge(response, new RequestBodies.TooLargeException(limit, property));
            return;
        }
        if (api && !webhook && changes(request) && !sameOrigin(request)) {
            JsonErrors.write(response, JsonErrors.body(403, "cross_origin",
                    "Requests from other sites may not change anything here"));
            return;
        }
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (body && formOrMultipart(request.getContentType())) {
            JsonErrors.write(response, JsonErrors.body(415, "unsupported_media_type",
                    "Form and multipart bodies are not accepted here; send application/json"));
            return;
        }
        HttpServletResponse out = api ? new JsonErrorResponse(request, response) : response;
        try {
            chain.doFilter(RequestBodies.limited(request, limit, property), out);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            RequestBodies.TooLargeException tooLarge = RequestBodies.TooLargeException.in(e);
            if (tooLarge != null) {
                response.reset();
                tooLarge(response, tooLarge);
                return;
            }
            if (!api) {
                throw e;
            }
            log.error("{} {} failed", request.getMethod(), path, e);
            response.reset();
            JsonErrors.write(response, JsonErrors.body(500, "internal_error",
                    "The request failed on the server; see its log"));
        }
    }

    /** 413, and the connection closed: the rest of the body is not read. */
    static void tooLarge(HttpServletResponse response, RequestBodies.TooLargeException e) throws IOException {
        response.setHeader("Connection", "close");
        JsonErrors.write(response, e.body());
    }

    private static boolean changes(HttpServletRequest request) {
        String m = request.getMethod();
        return !(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS") || m.equals("TRACE"));
    }

    /** Whether a browser's request comes from a page of this origin (or from no page); true without browser headers. */
    static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false; // "null": a sandboxed page, a redirect across sites
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        String authority = uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
        for (String header : new String[] {request.getHeader("Host"), request.getHeader("X-Forwarded-Host")}) {
            if (header != null && authority.equals(withPort(header.trim(), port))) {
                return true;
            }
        }
        return false;
    }

    /** {@code host[:port]} as {@code host:port}, the port defaulting to the origin's. */
    private static String withPort(String hostHeader, int defaultPort) {
        String h = hostHeader.toLowerCase(java.util.Locale.ROOT);
        int colon = h.lastIndexOf(':');
        boolean hasPort = colon > h.lastIndexOf(']');
        return hasPort ? h : h + ":" + defaultPort;
    }

    private static boolean formOrMultipart(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT).trim();
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
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
