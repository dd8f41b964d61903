package io.github.notionsync.testkit.emulator;

import io.github.notionsync.NotionId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The properties of a data source: a title property (always there, named {@code Name} unless
 * chosen otherwise) and any number of typed properties. Immutable; build it with {@link #builder()}.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *         .richText("Bio")
 *         .number("Age")
 *         .select("Role", "Hero", "Villain")
 *         .relation("World", worlds)
 *         .build();
 * }</pre>
 */
public final class Schema {

    private final List<Spec> properties;

    private Schema(List<Spec> properties) {
        this.properties = List.copyOf(properties);
    }

    /** A builder whose title property is called {@code Name}. */
    public static Builder builder() {
        return new Builder("Name");
    }

    /** A builder with the given title property name. */
    public static Builder builder(String titlePropertyName) {
        return new Builder(titlePropertyName);
    }

    /** The property names in declaration order, title first. */
    public List<String> propertyNames() {
        return properties.stream().map(Spec::name).toList();
    }

    List<Spec> specs() {
        return properties;
    }

    /** The declaration of one property; {@code options} only for select, multi_select and status. */
    record Spec(String name, PropertyType type, List<String> options, String numberFormat, String expression,
            String formulaType, String relationDatabaseId, String rollupRelation, String rollupProperty,
            String rollupFunction, String prefix) {

        Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            options = options == null ? List.of() : List.copyOf(options);
        }

        static Spec simple(String name, PropertyType type) {
            return new Spec(name, type, null, null, null, null, null, null, null, null, null);
        }
    }

    /** Collects property declarations; names must be unique. */
    public static final class Builder {

        private final List<Spec> specs = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        private Builder(String titleName) {
            add(Spec.simple(titleName, PropertyType.TITLE));
        }

        private Builder add(Spec spec) {
            if (spec.name().isBlank()) {
                throw new IllegalArgumentException("Property names must not be blank");
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("Duplicate property name: " + spec.name());
            }
            specs.add(spec);
            return this;
        }

        /** A property of a type without configuration (rich_text, date, people, files, checkbox, …). */
        public Builder property(String name, PropertyType type) {
            switch (type) {
                case TITLE -> throw new IllegalArgumentException("A data source has exactly one title property");
                case SELECT, MULTI_SELECT, STATUS, FORMULA, RELATION, ROLLUP, NUMBER, UNIQUE_ID ->
                        throw new IllegalArgumentException(type + " needs configuration; use its builder method");
                default -> {
                    return add(Spec.simple(name, type));
                }
            }
        }

        /** A rich_text property. */
        public Builder richText(String name) {
            return property(name, PropertyType.RICH_TEXT);
        }

        /** A number property with format {@code number}. */
        public Builder number(String name) {
            return number(name, "number");
        }

        /** A number property with a format such as {@code dollar} or {@code percent}. */
        public Builder number(String name, String format) {
            return add(new Spec(name, PropertyType.NUMBER, null, format, null, null, null, null, null, null, null));
        }

        /** A select property with these options (writing an unknown option adds it, as Notion does). */
        public Builder select(String name, String... options) {
            return add(new Spec(name, PropertyType.SELECT, List.of(options), null, null, null, null, null, null,
                    null, null));
        }

        /** A multi_select property with these options. */
        public Builder multiSelect(String name, String... options) {
            return add(new Spec(name, PropertyType.MULTI_SELECT, List.of(options), null, null, null, null, null,
                    null, null, null));
        }

        /** A status property; the first option is in group To-do, the last in Complete, others In progress. */
        public Builder status(String name, String... options) {
            if (options.length == 0) {
                throw new IllegalArgumentException("A status property needs at least one option");
            }
            return add(new Spec(name, PropertyType.STATUS, List.of(options), null, null, null, null, null, null,
                    null, null));
        }

        /** A date property. */
        public Builder date(String name) {
            return property(name, PropertyType.DATE);
        }

        /** A people property. */
        public Builder people(String name) {
            return property(name, PropertyType.PEOPLE);
        }

        /** A files property. */
        public Builder files(String name) {
            return property(name, PropertyType.FILES);
        }

        /** A checkbox property. */
        public Builder checkbox(String name) {
            return property(name, PropertyType.CHECKBOX);
        }

        /** A url property. */
        public Builder url(String name) {
            return property(name, PropertyType.URL);
        }

        /** An email property. */
        public Builder email(String name) {
            return property(name, PropertyType.EMAIL);
        }

        /** A phone_number property. */
        public Builder phoneNumber(String name) {
            return property(name, PropertyType.PHONE_NUMBER);
        }

        /**
         * A formula property. Pages carry its result explicitly ({@link PropertyValues.Builder#formula});
         * the emulator does not evaluate expressions.
         *
         * @param resultType {@code string}, {@code number}, {@code boolean} or {@code date}
         */
        public Builder formula(String name, String expression, String resultType) {
            if (!Set.of("string", "number", "boolean", "date").contains(resultType)) {
                throw new IllegalArgumentException("Unknown formula result type: " + resultType);
            }
            return add(new Spec(name, PropertyType.FORMULA, null, null, expression, resultType, null, null, null,
                    null, null));
        }

        /** A single-property relation to the (first data source of the) given database. */
        public Builder relation(String name, EmulatedDatabase target) {
            return relation(name, target.id());
        }

        /** A single-property relation to a database id (it may be created later or not be shared). */
        public Builder relation(String name, String targetDatabaseId) {
            return add(new Spec(name, PropertyType.RELATION, null, null, null, null,
                    NotionId.parse(targetDatabaseId).value(), null, null, null, null));
        }

        /** A single-property relation to pages of the data source being declared. */
        public Builder selfRelation(String name) {
            return add(new Spec(name, PropertyType.RELATION, null, null, null, null, null, null, null, null, null));
        }

        /**
         * A rollup over a relation property of this schema. Supported functions: {@code count},
         * {@code not_empty}, {@code empty} (numbers over the related pages) and {@code show_original}
         * (an array of the related pages' titles).
         */
        public Builder rollup(String name, String relationProperty, String rollupProperty, String function) {
            if (!Set.of("count", "not_empty", "empty", "show_original").contains(function)) {
                throw new IllegalArgumentException("Unsupported rollup function: " + function);
            }
            return add(new Spec(name, PropertyType.ROLLUP, null, null, null, null, null, relationProperty,
                    rollupProperty, function, null));
        }

        /** A created_time property. */
        public Builder createdTime(String name) {
            return property(name, PropertyType.CREATED_TIME);
        }

        /** A created_by property. */
        public Builder createdBy(String name) {
            return property(name, PropertyType.CREATED_BY);
        }

        /** A last_edited_time property. */
        public Builder lastEditedTime(String name) {
            return property(name, PropertyType.LAST_EDITED_TIME);
        }

        /** A last_edited_by property. */
        public Builder lastEditedBy(String name) {
            return property(name, PropertyType.LAST_EDITED_BY);
        }

        /** A unique_id property with an optional prefix (null for none). */
        public Builder uniqueId(String name, String prefix) {
            return add(new Spec(name, PropertyType.UNIQUE_ID, null, null, null, null, null, null, null, null,
                    prefix));
        }

        /** A verification property. */
        public Builder verification(String name) {
            return property(name, PropertyType.VERIFICATION);
        }

        /** A button property. */
        public Builder button(String name) {
            return property(name, PropertyType.BUTTON);
        }

        /** A place property. */
        public Builder place(String name) {
            return property(name, PropertyType.PLACE);
        }

        /** The schema; rollups must name a relation property of this schema. */
        public Schema build() {
            for (Spec s : specs) {
                if (s.type() == PropertyType.ROLLUP) {
                    boolean ok = specs.stream().anyMatch(
                            r -> r.name().equals(s.rollupRelation()) && r.type() == PropertyType.RELATION);
                    if (!ok) {
                        throw new IllegalArgumentException(
                                "Rollup " + s.name() + " needs a relation property named " + s.rollupRelation());
                    }
                }
            }
            return new Schema(specs);
        }
    }
}
