package io.github.notionsync;

import java.util.List;
import java.util.Locale;

/**
 * What a Notion database holds, which decides the table its pages are mirrored into and the
 * typed fields extracted from them.
 */
public enum TargetKind {

    /** Characters: {@code name}, {@code description}, {@code role}, {@code tags}. */
    CHARACTERS("notion_characters_sync", List.of(
            Field.text("description", "Description"), Field.text("role", "Role"), Field.list("tags", "Tags"))),
    /** Worlds: {@code name}, {@code description}, {@code genre}, {@code tags}. */
    WORLDS("notion_worlds_sync", List.of(
            Field.text("description", "Description"), Field.text("genre", "Genre"), Field.list("tags", "Tags"))),
    /** Stories: {@code title}, {@code summary}, {@code status}, {@code genre}, {@code tags}. */
    STORIES("notion_stories_sync", List.of(Field.text("summary", "Summary"), Field.text("status", "Status"),
            Field.text("genre", "Genre"), Field.list("tags", "Tags"))),
    /** Chat sessions: {@code title}, {@code is_temporary}, {@code character_names}. */
    CHAT_SESSIONS("notion_chat_sessions_sync", List.of(Field.flag("is_temporary", "Temporary"),
            Field.list("character_names", "Characters"))),
    /** Any other database: {@code title} only. */
    PAGES("notion_pages_sync", List.of());

    private final String table;
    private final List<Field> fields;

    TargetKind(String table, List<Field> fields) {
        this.table = table;
        this.fields = fields;
    }

    /** The table the pages of this kind are mirrored into. */
    public String table() {
        return table;
    }

    /** The typed fields of this kind besides the title, with their default property names. */
    public List<Field> fields() {
        return fields;
    }

    /** The column that holds the page title: {@code name} for characters and worlds, else {@code title}. */
    public String titleField() {
        return this == CHARACTERS || this == WORLDS ? "name" : "title";
    }

    /**
     * The kind named {@code name}, case-insensitively, with {@code -} or {@code _}
     * ({@code "chat-sessions"}, {@code "CHARACTERS"}).
     *
     * @throws IllegalArgumentException naming the valid kinds
     */
    public static TargetKind parse(String name) {
        String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TargetKind k : values()) {
            if (k.name().equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown target kind '" + name
                + "'; expected one of CHARACTERS, WORLDS, STORIES, CHAT_SESSIONS, PAGES");
    }

    /**
     * A typed field of a kind.
     *
     * @param column the column (and field) name
     * @param type how the property value is read
     * @param defaultProperty the Notion property it is read from unless mapped otherwise
     */
    public record Field(String column, FieldType type, String defaultProperty) {

        static Field text(String column, String property) {
            return new Field(column, FieldType.TEXT, property);
        }

        static Field list(String column, String property) {
            return new Field(column, FieldType.TEXT_LIST, property);
        }

        static Field flag(String column, String property) {
            return new Field(column, FieldType.FLAG, property);
        }
    }

    /** How a typed field reads a property value. */
    public enum FieldType {
        /** The property's plain text, or {@code null} when empty. */
        TEXT,
        /** A list of strings: multi-select names, people or relation titles, or comma-separated text. */
        TEXT_LIST,
        /** A boolean: a checkbox, or a select/text saying yes/true. */
        FLAG
    }
}
