package io.github.notionsync;

/**
 * Thrown when a string is neither a Notion id (32 hexadecimal digits, with or without dashes)
 * nor a Notion URL that ends in one.
 */
public final class InvalidNotionIdException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidNotionIdException(String input) {
        super("Not a Notion id or URL: " + quote(input)
                + " (expected 32 hexadecimal digits, with or without dashes, or a Notion page or database URL)");
        this.input = input;
    }

    /** The rejected input, as given. */
    public String input() {
        return input;
    }

    private static String quote(String input) {
        if (input == null) {
            return "null";
        }
        String shown = input.length() > 120 ? input.substring(0, 120) + "…" : input;
        return '"' + shown + '"';
    }
}
