package io.github.notionsync.jooq;

import java.util.regex.Pattern;

/** The one check of a schema name, shared by every class of this module. */
final class SchemaName {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SchemaName() {
    }

    /**
     * Returns {@code schema} if it is a plain lower-case SQL identifier.
     *
     * @throws IllegalArgumentException otherwise
     */
    static String require(String schema) {
        if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("Schema name must be a lower-case SQL identifier matching "
                    + IDENTIFIER + ", got: " + schema);
        }
        return schema;
    }
}
