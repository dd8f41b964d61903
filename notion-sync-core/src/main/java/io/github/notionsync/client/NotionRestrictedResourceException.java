package io.github.notionsync.client;

/**
 * 403 {@code restricted_resource}: the integration is not allowed this request, usually because it
 * lacks a capability (read content, update content, insert content) in its Notion settings.
 * Retrying will not help; {@link #neededCapability()} names the capability the request needs.
 */
public final class NotionRestrictedResourceException extends NotionApiException {

    private static final long serialVersionUID = 1L;

    public NotionRestrictedResourceException(String method, String path, int status, String code,
            String notionMessage, String requestId) {
        super(method, path, status, code, notionMessage, requestId);
    }

    /**
     * The integration capability this request needs, as Notion names it in the integration's
     * settings: {@code "insert content"} to create pages or append blocks, {@code "update content"}
     * to change or trash pages and delete blocks, {@code "read content"} for every read.
     */
    public String neededCapability() {
        return capabilityFor(method(), path());
    }

    static String capabilityFor(String method, String path) {
        boolean blockChildren = path != null && path.startsWith("/v1/blocks/") && path.endsWith("/children");
        if ("POST".equals(method) && "/v1/pages".equals(path) || "PATCH".equals(method) && blockChildren) {
            return "insert content";
        }
        if ("PATCH".equals(method) || "DELETE".equals(method)) {
            return "update content";
        }
        return "read content";
    }
}
