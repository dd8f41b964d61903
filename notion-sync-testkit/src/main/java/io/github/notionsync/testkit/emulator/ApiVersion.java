package io.github.notionsync.testkit.emulator;

/** The Notion-Version behaviours the emulator tells apart. */
enum ApiVersion {
    /** 2022-06-28 and older: databases carry the schema; {@code archived} only. */
    V2022,
    /** 2025-09-03: data sources; {@code archived} and {@code in_trash}, {@code is_archived}, {@code is_locked}. */
    V2025,
    /** 2026-03-11 and newer: {@code in_trash} only. */
    V2026;

    static final String SUPPORTED = "`\"2022-06-28\"`, `\"2025-09-03\"`, or `\"2026-03-11\"`";

    /** The behaviour for a header value, or null if it is not a version date. */
    static ApiVersion of(String header) {
        if (header == null || !header.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return null;
        }
        if (header.compareTo("2021-05-11") < 0) {
            return null;
        }
        if (header.compareTo("2025-09-03") < 0) {
            return V2022;
        }
        return header.compareTo("2026-03-11") < 0 ? V2025 : V2026;
    }

    boolean dataSources() {
        return this != V2022;
    }

    boolean archivedField() {
        return this != V2026;
    }

    boolean inTrashField() {
        return this != V2022;
    }
}
