package io.github.notionsync.client;

import java.util.Locale;

/**
 * The {@code Notion-Version} a client speaks. Callers of {@link NotionClient} need not care
 * which: the client maps each version's endpoints and field names onto one interface.
 */
public enum NotionApiVersion {

    /** Databases carry their schema and are queried directly; pages have {@code archived}. */
    V2022_06_28("2022-06-28"),
    /** Databases hold one or more data sources, queried through {@code /v1/data_sources}. */
    V2025_09_03("2025-09-03"),
    /** As 2025-09-03, with {@code archived} renamed {@code in_trash} everywhere. */
    V2026_03_11("2026-03-11");

    /** The version notion-sync uses unless told otherwise. */
    public static final NotionApiVersion DEFAULT = V2025_09_03;

    private final String header;

    NotionApiVersion(String header) {
        this.header = header;
    }

    /** The {@code Notion-Version} header value, e.g. {@code 2025-09-03}. */
    public String header() {
        return header;
    }

    /** Whether databases are containers of data sources in this version. */
    public boolean hasDataSources() {
        return this != V2022_06_28;
    }

    /**
     * The version for a header value such as {@code 2025-09-03}.
     *
     * @throws IllegalArgumentException naming the supported versions
     */
    public static NotionApiVersion fromHeader(String header) {
        String h = header == null ? "" : header.strip().toLowerCase(Locale.ROOT);
        for (NotionApiVersion v : values()) {
            if (v.header.equals(h)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unsupported Notion-Version '" + header + "'; supported: 2022-06-28, "
                + "2025-09-03, 2026-03-11");
    }
}
