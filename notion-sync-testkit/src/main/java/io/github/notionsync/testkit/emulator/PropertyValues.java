package io.github.notionsync.testkit.emulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Property values to write to a page, by property name. Values are checked against the schema when
 * they are written. Plain {@link Map}s work too ({@link EmulatedDatabase#addPage(Map, Block...)}):
 * a String for title, rich_text, select, status, url, email and phone_number; a Number; a Boolean;
 * a {@link java.time.LocalDate}, {@link java.time.Instant} or {@link DateValue}; a Collection of
 * Strings for multi_select, people (user ids) and relation (page ids).
 */
public final class PropertyValues {

    /** The key under which {@link Builder#title(String)} stores the title, whatever its name. */
    static final String TITLE_KEY = "\u0000title";

    private final Map<String, Object> values;

    private PropertyValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Values from a map of property name to value. */
    public static PropertyValues of(Map<String, ?> values) {
        Builder b = new Builder();
        values.forEach(b::set);
        return b.build();
    }

    Map<String, Object> asMap() {
        return values;
    }

    /** Collects values; the last value set for a name wins. */
    public static final class Builder {

        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Any value, converted as described on {@link PropertyValues}; null clears the property. */
        public Builder set(String property, Object value) {
            values.put(property, value);
            return this;
        }

        /** The title, whatever the title property is called. */
        public Builder title(String text) {
            return set(TITLE_KEY, List.of(RichText.text(text)));
        }

        /** The title as rich text items (e.g. with mentions). */
        public Builder title(RichText... items) {
            return set(TITLE_KEY, List.of(items));
        }

        /** A rich_text (or title) property as one text item. */
        public Builder text(String property, String text) {
            return set(property, List.of(RichText.text(text)));
        }

        /** A rich_text (or title) property as rich text items. */
        public Builder text(String property, RichText... items) {
            return set(property, List.of(items));
        }

        /** A rich_text (or title) property as a list of rich text items. */
        public Builder text(String property, List<RichText> items) {
            return set(property, List.copyOf(items));
        }

        /** A number property. */
        public Builder number(String property, Number value) {
            return set(property, value);
        }

        /** A select property (by option name). */
        public Builder select(String property, String option) {
            return set(property, option);
        }

        /** A multi_select property (by option names). */
        public Builder multiSelect(String property, String... options) {
            return set(property, List.of(options));
        }

        /** A status property (by option name; it must exist in the schema). */
        public Builder status(String property, String option) {
            return set(property, option);
        }

        /** A date property. */
        public Builder date(String property, DateValue value) {
            return set(property, value);
        }

        /** A people property (user ids). */
        public Builder people(String property, String... userIds) {
            return set(property, List.of(userIds));
        }

        /** A people property (user ids). */
        public Builder people(String property, List<String> userIds) {
            return set(property, List.copyOf(userIds));
        }

        /** A files property. */
        public Builder files(String property, FileRef... files) {
            return set(property, List.of(files));
        }

        /** A checkbox property. */
        public Builder checkbox(String property, boolean checked) {
            return set(property, checked);
        }

        /** A url property. */
        public Builder url(String property, String url) {
            return set(property, url);
        }

        /** An email property. */
        public Builder email(String property, String email) {
            return set(property, email);
        }

        /** A phone_number property. */
        public Builder phoneNumber(String property, String phone) {
            return set(property, phone);
        }

        /** A relation property (page ids, any id form). */
        public Builder relation(String property, String... pageIds) {
            return set(property, Arrays.asList(pageIds));
        }

        /** A relation property (page ids, any id form). */
        public Builder relation(String property, List<String> pageIds) {
            return set(property, List.copyOf(pageIds));
        }

        /**
         * The result of a formula property: a String, Number, Boolean or {@link DateValue} matching
         * the formula's result type, or null.
         */
        public Builder formula(String property, Object result) {
            return set(property, new FormulaResult(result));
        }

        /** A verification property: verified by the workspace owner since page creation, or unverified. */
        public Builder verification(String property, boolean verified) {
            return set(property, new Verification(verified));
        }

        /** A place property. */
        public Builder place(String property, Place place) {
            return set(property, place);
        }

        /** The values. */
        public PropertyValues build() {
            return new PropertyValues(values);
        }
    }

    /** Marks a formula result (so a String result is not taken for a select option). */
    record FormulaResult(Object value) {
    }

    /** Marks a verification state. */
    record Verification(boolean verified) {
    }
}
