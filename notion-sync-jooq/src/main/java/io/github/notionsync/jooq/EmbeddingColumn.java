package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The type of {@code notion_sync_embeddings.embedding} as the migration chose it: a pgvector
 * {@code vector} (where the extension exists) or a portable {@code real[]}; and how vectors are
 * written to and read from it, as text literals either way.
 *
 * @param pgvector whether it is pgvector's type
 * @param sqlType the type to cast a literal to, schema-qualified
 */
record EmbeddingColumn(boolean pgvector, String sqlType) {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingColumn.class);

    /** Reads the column's type from the catalog and logs which search path is in use. */
    static EmbeddingColumn detect(DSLContext dsl, String schema) {
        Record r = call("read the type of the embedding column", () -> dsl.resultQuery(
                "SELECT t.typname, n.nspname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE a.attrelid = ({0} || '.notion_sync_embeddings')::regclass AND a.attname = 'embedding'",
                org.jooq.impl.DSL.val(quote(schema))).fetchOne());
        if (r == null) {
            throw new IllegalStateException("Schema " + schema + " has no notion_sync_embeddings.embedding column;"
                    + " migrate it first (NotionSyncPostgres.migrate())");
        }
        EmbeddingColumn c = "vector".equals(r.get(0, String.class))
                ? new EmbeddingColumn(true, quote(r.get(1, String.class)) + ".vector")
                : new EmbeddingColumn(false, "real[]");
        if (c.pgvector) {
            log.info("Semantic search in schema {} uses pgvector: vector column with an HNSW cosine index", schema);
        } else {
            log.info("Semantic search in schema {} uses the portable real[] column (no pgvector here),"
                    + " searched in an in-memory index", schema);
        }
        return c;
    }

    /** The vector as a literal of the column's type. */
    String literal(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 11 + 2);
        sb.append(pgvector ? '[' : '{');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.append(pgvector ? ']' : '}').toString();
    }

    /** A vector read back as text ({@code [..]} or {@code {..}}). */
    static float[] parse(String text, int dimensions) {
        float[] v = new float[dimensions];
        int i = 0;
        int start = 1;
        int end = text.length() - 1;
        for (int p = start; p <= end && i < dimensions; p++) {
            if (p == end || text.charAt(p) == ',') {
                v[i++] = Float.parseFloat(text.substring(start, p));
                start = p + 1;
            }
        }
        if (i != dimensions) {
            throw new IllegalStateException("A stored vector has " + i + " values, not " + dimensions);
        }
        return v;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
