package io.github.notionsync.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.PageWrite;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;

/**
 * The write of one batch of pages into a mirror table as a single statement whose text does not
 * depend on the batch: each column travels as one array parameter, and {@code unnest} turns the
 * arrays back into rows.
 *
 * <pre>
 * INSERT INTO table (user_id, notion_page_id, …) SELECT ?, u.c1::uuid, … FROM unnest(?::text[], …) u(c1, …)
 * ON CONFLICT (user_id, notion_page_id) DO UPDATE SET … WHERE the hash differs or the row was deleted
 * </pre>
 *
 * A multi-row {@code VALUES} list built by jOOQ costs the client more than the server spends
 * storing the rows (rendering and binding some 2,000 values per batch of 100); this statement is
 * prepared once per connection and binds about 20 values.
 */
final class BatchUpsert {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A NUL escape (backslash, u0000) after an even number of backslashes: a real one, not shown text. */
    private static final java.util.regex.Pattern NUL_ESCAPE =
            java.util.regex.Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private final SyncTables t;
    private final Map<TargetKind, String> sql = new EnumMap<>(TargetKind.class);

    BatchUpsert(SyncTables tables) {
        this.t = tables;
        for (TargetKind kind : TargetKind.values()) {
            sql.put(kind, render(kind));
        }
    }

    /** The statement for {@code kind}, for tests and the curious. */
    String sql(TargetKind kind) {
        return sql.get(kind);
    }

    /** Writes the pages; returns the rows inserted or changed (unchanged rows are not written). */
    int write(Connection c, String userId, TargetKind kind, List<PageWrite> pages, Instant now) throws SQLException {
        Map<String, Field<?>> typed = t.kindColumns.get(kind);
        int n = pages.size();
        int columns = COMMON.length + typed.size();
        String[][] values = new String[columns][n];
        for (int i = 0; i < n; i++) {
            PageWrite w = pages.get(i);
            PageRecord r = w.record();
            String[] common = {
                uuid(r.pageId()), uuid(r.databaseId()), uuid(r.dataSourceId()), json(r.properties()), json(r.raw()),
                JooqSyncRepository.clean(r.contentText()), JooqSyncRepository.clean(r.contentMarkdown()),
                Integer.toString(r.wordCount()), w.contentHash(), JooqSyncRepository.clean(r.url()),
                instant(r.createdTime()), instant(r.lastEditedTime()), Boolean.toString(r.inTrash())
            };
            for (int col = 0; col < common.length; col++) {
                values[col][i] = common[col];
            }
            int col = common.length;
            for (String column : typed.keySet()) {
                values[col++][i] = typedValue(kind, column, r);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.get(kind))) {
            ps.setString(1, userId);
            ps.setString(2, now.toString());
            List<Array> arrays = new ArrayList<>(columns);
            try {
                for (int col = 0; col < columns; col++) {
                    Array a = c.createArrayOf("text", values[col]);
                    arrays.add(a);
                    ps.setArray(3 + col, a);
                }
                return ps.executeUpdate();
            } finally {
                for (Array a : arrays) {
                    a.free();
                }
            }
        }
    }

    /** The shared columns after user_id, each with how its text is cast back. */
    private static final String[][] COMMON = {
        {"notion_page_id", "::uuid"}, {"notion_database_id", "::uuid"}, {"notion_data_source_id", "::uuid"},
        {"properties", "::jsonb"}, {"raw", "::jsonb"}, {"content", ""}, {"content_markdown", ""},
        {"word_count", "::integer"}, {"content_hash", ""}, {"url", ""}, {"notion_created_time", "::timestamptz"},
        {"notion_last_edited_time", "::timestamptz"}, {"in_trash", "::boolean"}
    };

    private String render(TargetKind kind) {
        Map<String, Field<?>> typed = t.kindColumns.get(kind);
        String table = quote(t.schema) + "." + quote(kind.table());
        List<String> insertColumns = new ArrayList<>(List.of("user_id"));
        List<String> select = new ArrayList<>(List.of("?"));
        List<String> aliases = new ArrayList<>();
        int c = 0;
        for (String[] col : COMMON) {
            String alias = "c" + (++c);
            aliases.add(alias);
            insertColumns.add(col[0]);
            select.add("u." + alias + col[1]);
        }
        insertColumns.add("deleted_at");
        select.add("NULL::timestamptz");
        insertColumns.add("deleted_reason");
        select.add("NULL::text");
        insertColumns.add("synced_at");
        select.add("?::timestamptz");
        for (Map.Entry<String, Field<?>> e : typed.entrySet()) {
            String alias = "c" + (++c);
            aliases.add(alias);
            insertColumns.add(e.getKey());
            Field<?> f = e.getValue();
            if (f.getDataType().isArray()) {
                select.add("ARRAY(SELECT jsonb_array_elements_text(u." + alias + "::jsonb))");
            } else if (f.getType() == Boolean.class) {
                select.add("u." + alias + "::boolean");
            } else {
                select.add("u." + alias);
            }
        }
        StringBuilder s = new StringBuilder("INSERT INTO ").append(table).append(" (");
        s.append(String.join(", ", insertColumns.stream().map(BatchUpsert::quote).toList()));
        s.append(") SELECT ").append(String.join(", ", select));
        s.append(" FROM unnest(").append(String.join(", ", aliases.stream().map(a -> "?::text[]").toList()));
        s.append(") AS u(").append(String.join(", ", aliases)).append(")");
        s.append(" ON CONFLICT (user_id, notion_page_id) DO UPDATE SET ");
        s.append(String.join(", ", insertColumns.stream().filter(col -> !col.equals("user_id"))
                .filter(col -> !col.equals("notion_page_id"))
                .map(col -> quote(col) + " = EXCLUDED." + quote(col)).toList()));
        s.append(" WHERE ").append(table).append(".content_hash <> EXCLUDED.content_hash OR ").append(table)
                .append(".deleted_at IS NOT NULL");
        return s.toString();
    }

    /** A typed column's value as text: lists as a JSON array, flags as true/false. */
    private static String typedValue(TargetKind kind, String column, PageRecord r) {
        if (column.equals(kind.titleField())) {
            return JooqSyncRepository.clean(r.title());
        }
        TargetKind.Field field = kind.fields().stream().filter(f -> f.column().equals(column)).findFirst()
                .orElseThrow();
        Object v = r.fields().get(column);
        return switch (field.type()) {
            case FLAG -> Boolean.toString(v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString()));
            case TEXT_LIST -> list(v);
            case TEXT -> v == null ? null : JooqSyncRepository.clean(String.valueOf(v));
        };
    }

    /** A list field as a JSON array of text; a single value is a list of one. */
    private static String list(Object v) {
        List<String> items = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                items.add(JooqSyncRepository.clean(String.valueOf(o)));
            }
        } else if (v instanceof Object[] array) {
            for (Object o : array) {
                items.add(JooqSyncRepository.clean(String.valueOf(o)));
            }
        } else if (v != null) {
            items.add(JooqSyncRepository.clean(v.toString()));
        }
        try {
            return MAPPER.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise a list of text", e);
        }
    }

    /**
     * A page's JSON; jsonb rejects the NUL escape, so it becomes U+FFFD like text does. Only a
     * real escape is replaced: text that shows a backslash before "u0000" is serialised with an
     * escaped backslash ({@code \\u0000}) and kept.
     */
    static String json(JsonNode node) {
        try {
            String json = MAPPER.writeValueAsString(node);
            return json.contains("\\u0000") ? NUL_ESCAPE.matcher(json).replaceAll("$1\\\\ufffd") : json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise a page as JSON", e);
        }
    }

    private static String uuid(NotionId id) {
        return id == null ? null : id.value();
    }

    private static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
