package io.github.notionsync.testkit.emulator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The content capabilities of a Notion integration, as set in its settings. A request that needs a
 * capability the token's integration lacks answers 403 {@code restricted_resource}.
 */
public enum Capability {
    /** Read pages, databases, data sources, blocks and search. */
    READ_CONTENT,
    /** Change page properties, trash and restore pages, delete blocks. */
    UPDATE_CONTENT,
    /** Create pages and append blocks. */
    INSERT_CONTENT;

    /** Every capability, as a new integration has by default. */
    public static Set<Capability> all() {
        return EnumSet.allOf(Capability.class);
    }
}
