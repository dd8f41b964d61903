package io.github.notionsync.testkit.emulator;

import java.util.List;

/** The Notion-Version behaviours the emulator tells apart. */
enum ApiVersion {
    /** 2022-06-28 and older: databases carry the schema; {@code archived} only. */
    V2022,
    /** 2025-09-03: data sources; {@code archived} and {@code in_trash}, {@code is_archived}, {@code is_locked}. */
    V2025,
    /** 2026-03-11 and newer: {@code in_trash} only. */
    V2026;

    /** The versions Notion accepts, oldest first, as its answer to an unknown one lists them. */
    static final List<String> KNOWN = List.of("2021-05-11", "2021-05-13", "2021-08-16", "2022-02-22", "2022-06-28",
            "2025-09-03", "2026-03-11");

    /**
     * The behaviour for a header value, or null if Notion does not know that version. The versions
     * before 2022-06-28 are served as 2022-06-28 (the emulator does not model their older shapes).
     */
    static ApiVersion of(String header) {
        if (header == null || !KNOWN.contains(header)) {
            return null;
        }
        if (header.compareTo("2025-09-03") < 0) {
            return V2022;
        }
        return header.compareTo("2026-03-11") < 0 ? V2025 : V2026;
    }

    /** Notion's message for a missing or unknown Notion-Version header. */
    static String refusal(String header) {
        String prefix = "Notion-Version header failed validation: Notion-Version header should be ";
        if (header == null) {
            return prefix + "defined, instead was `undefined`.";
        }
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < KNOWN.size(); i++) {
            if (i > 0) {
                sb.append(i == KNOWN.size() - 1 ? ", or " : ", ");
            }
            sb.append("`\"").append(KNOWN.get(i)).append("\"`");
        }
        return sb.append(", instead was `\"").append(header).append("\"`.").toString();
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
