package io.github.notionsync;

import java.util.Map;
import java.util.Objects;

/**
 * Which Notion property fills each typed field of a {@link TargetKind}. Fields not overridden
 * use the kind's default property name ("Description", "Role", …). The title always comes from
 * the page's title property, whatever it is called.
 *
 * @param kind the target kind
 * @param overrides field (column) name to Notion property name
 */
public record PropertyMapping(TargetKind kind, Map<String, String> overrides) {

    public PropertyMapping {
        Objects.requireNonNull(kind, "kind");
        overrides = Map.copyOf(overrides);
        for (String field : overrides.keySet()) {
            if (kind.fields().stream().noneMatch(f -> f.column().equals(field))) {
                throw new IllegalArgumentException("Kind " + kind + " has no field '" + field + "'; its fields are "
                        + kind.fields().stream().map(TargetKind.Field::column).toList());
            }
        }
    }

    /** The kind's defaults. */
    public static PropertyMapping defaults(TargetKind kind) {
        return new PropertyMapping(kind, Map.of());
    }

    /** The Notion property name that fills {@code field}. */
    public String propertyFor(TargetKind.Field field) {
        return overrides.getOrDefault(field.column(), field.defaultProperty());
    }
}
