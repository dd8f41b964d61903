package io.github.notionsync.client;

/**
 * A write that is not safe to repeat (creating a page, appending blocks) got no trustworthy answer:
 * a 5xx, a timeout, a dropped connection or an unreadable reply. Notion may or may not have applied
 * it, so the client does not retry; the caller must look at Notion (for example query for the page it
 * meant to create) before trying again, or it may write twice.
 */
public final class NotionWriteOutcomeUnknownException extends NotionTransportException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public NotionWriteOutcomeUnknownException(String method, String path, int status, Throwable cause) {
        super("Notion request " + method + ' ' + path + " may or may not have been applied: "
                + (status == 0 ? "no answer" : "HTTP " + status) + " (" + cause.getMessage() + "); it is not"
                + " retried because repeating it could write twice", cause);
        this.status = status;
    }

    /** The HTTP status Notion answered, or 0 when no answer arrived. */
    public int status() {
        return status;
    }
}
