package io.github.notionsync;

import java.util.Map;
import java.util.Objects;

/**
 * A Notion database to mirror.
 *
 * @param id the database id
 * @param name a name for reports and for the REST API's {@code database_name}
 * @param mapping its target kind and property mapping
 * @param conflictPolicy what writing back does when the page changed in Notion meanwhile
 */
public record DatabaseConfig(NotionId id, String name, PropertyMapping mapping, ConflictPolicy conflictPolicy) {

    public DatabaseConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(conflictPolicy, "conflictPolicy");
        name = name == null || name.isBlank() ? id.value() : name.strip();
    }

    /** A database with the default conflict policy, {@link ConflictPolicy#FAIL}. */
    public DatabaseConfig(NotionId id, String name, PropertyMapping mapping) {
        this(id, name, mapping, ConflictPolicy.FAIL);
    }

    /**
     * A database of the given kind with the kind's default property names.
     *
     * @param idOrUrl the database id or URL
     */
    public static DatabaseConfig of(String name, String idOrUrl, TargetKind kind) {
        return new DatabaseConfig(NotionId.parse(idOrUrl), name, PropertyMapping.defaults(kind));
    }

    /** This database with property names overriding the kind's defaults (field to property). */
    public DatabaseConfig withPropertyNames(Map<String, String> fieldToProperty) {
        return new DatabaseConfig(id, name, new PropertyMapping(mapping.kind(), fieldToProperty), conflictPolicy);
    }

    /** This database with another conflict policy for writing back. */
    public DatabaseConfig withConflictPolicy(ConflictPolicy policy) {
        return new DatabaseConfig(id, name, mapping, policy);
    }

    /** The target kind. */
    public TargetKind kind() {
        return mapping.kind();
    }
}
