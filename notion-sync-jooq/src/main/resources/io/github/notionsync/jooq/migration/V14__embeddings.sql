-- notion-sync: passages of mirrored pages and their vectors, for semantic search.
-- ${schema} is the schema notion-sync was migrated into.
--
-- A page's title, typed fields and content are split into passages (notion-sync-core's
-- EmbeddingWorker); each passage keeps its text, the hash of the text and one vector per model.
-- notion_sync_embedded_pages says at which content hash and with which model a page was last
-- embedded (or failed to be), which is how the worker finds changed pages without touching the
-- sync. notion_sync_embedding_versions counts changes per user, so that an in-process index of a
-- user's vectors knows when to reload.
--
-- Where the PostgreSQL offers the vector extension (pgvector), the vector column is a pgvector
-- vector with an HNSW index (cosine) for the default model's 384 dimensions; elsewhere it is a
-- portable real[] and notion-sync searches a user's vectors in memory, in the JVM. The notice below
-- says which; notion-sync logs it again at start-up.
CREATE TABLE ${schema}.notion_sync_embeddings (
    embedding_id         bigint      GENERATED ALWAYS AS IDENTITY,
    user_id              text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    target_kind          text        NOT NULL,
    notion_page_id       uuid        NOT NULL,
    passage_no           integer     NOT NULL CHECK (passage_no >= 0),
    passage_hash         text        NOT NULL,
    passage              text        NOT NULL,
    model                text        NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    dimensions           integer     NOT NULL CHECK (dimensions BETWEEN 1 AND 16000),
    embedded_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, target_kind, notion_page_id, passage_no)
);
CREATE UNIQUE INDEX notion_sync_embeddings_id_idx ON ${schema}.notion_sync_embeddings (embedding_id);
CREATE INDEX notion_sync_embeddings_user_model_idx ON ${schema}.notion_sync_embeddings (user_id, model);

CREATE TABLE ${schema}.notion_sync_embedded_pages (
    user_id              text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    target_kind          text        NOT NULL,
    notion_page_id       uuid        NOT NULL,
    model                text        NOT NULL,
    content_hash         text        NOT NULL,
    passages             integer     NOT NULL DEFAULT 0,
    error                text        CHECK (length(error) <= 1000),
    embedded_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, target_kind, notion_page_id)
);

CREATE TABLE ${schema}.notion_sync_embedding_versions (
    user_id              text        PRIMARY KEY CHECK (length(user_id) BETWEEN 1 AND 255),
    version              bigint      NOT NULL DEFAULT 0,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['notion_sync_embeddings', 'notion_sync_embedded_pages',
                             'notion_sync_embedding_versions'] LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', '${schema}', t);
        EXECUTE format('CREATE POLICY notion_sync_user_isolation ON %I.%I'
                       ' USING (user_id = (SELECT %I.notion_sync_current_user_id()))'
                       ' WITH CHECK (user_id = (SELECT %I.notion_sync_current_user_id()))',
                       '${schema}', t, '${schema}', '${schema}');
    END LOOP;
END
$$;

-- The vector column and the search function for clients that bring their own query vector:
-- semantic_search_notion_passages(user_id, query_vector [, max_results [, model]]) returns the
-- user's passages closest to the vector (cosine similarity, best first, at most 100).
DO $$
DECLARE
    vec_schema text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'notion-sync: the vector extension is available but could not be created (%); '
                         'ask a superuser to run CREATE EXTENSION vector', SQLERRM;
        END;
    END IF;
    vec_schema := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                   WHERE e.extname = 'vector');
    IF vec_schema IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %I.notion_sync_embeddings ADD COLUMN embedding %I.vector NOT NULL',
                       '${schema}', vec_schema);
        EXECUTE format('CREATE INDEX notion_sync_embeddings_hnsw_384_idx ON %I.notion_sync_embeddings'
                       ' USING hnsw ((embedding::%I.vector(384)) %I.vector_cosine_ops) WHERE dimensions = 384',
                       '${schema}', vec_schema, vec_schema);
        EXECUTE format($f$
CREATE FUNCTION %1$I.semantic_search_notion_passages(p_user_id text, p_query real[], p_limit integer DEFAULT 10,
                                                      p_model text DEFAULT NULL)
RETURNS TABLE (kind text, notion_page_id uuid, passage_no integer, passage text, model text,
               similarity double precision)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    d integer := cardinality(p_query);
BEGIN
    IF d IS NULL OR d < 1 OR d > 16000 THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT CASE e.target_kind WHEN ''CHARACTERS'' THEN ''character'' WHEN ''WORLDS'' THEN ''world'''
        ' WHEN ''STORIES'' THEN ''story'' WHEN ''CHAT_SESSIONS'' THEN ''chat_session'' ELSE ''page'' END,'
        ' e.notion_page_id, e.passage_no, e.passage, e.model,'
        ' 1 - (e.embedding::%%1$I.vector(%%2$s) <=> $1::%%1$I.vector(%%2$s))'
        ' FROM %%3$I.notion_sync_embeddings e'
        ' WHERE e.user_id = $2 AND e.dimensions = %%2$s AND ($3 IS NULL OR e.model = $3)'
        ' ORDER BY e.embedding::%%1$I.vector(%%2$s) <=> $1::%%1$I.vector(%%2$s) LIMIT $4',
        %2$L, d, %1$L)
    USING p_query, p_user_id, p_model, least(greatest(coalesce(p_limit, 10), 1), 100);
END
$fn$;$f$, '${schema}', vec_schema);
        RAISE NOTICE 'notion-sync: semantic search uses pgvector (%.vector column, HNSW cosine index)', vec_schema;
    ELSE
        EXECUTE format('ALTER TABLE %I.notion_sync_embeddings ADD COLUMN embedding real[] NOT NULL', '${schema}');
        EXECUTE format($f$
CREATE FUNCTION %1$I.semantic_search_notion_passages(p_user_id text, p_query real[], p_limit integer DEFAULT 10,
                                                      p_model text DEFAULT NULL)
RETURNS TABLE (kind text, notion_page_id uuid, passage_no integer, passage text, model text,
               similarity double precision)
LANGUAGE sql STABLE AS $fn$
    WITH q AS (SELECT sqrt((SELECT sum(x::double precision * x) FROM unnest(p_query) x)) AS norm)
    SELECT CASE e.target_kind WHEN 'CHARACTERS' THEN 'character' WHEN 'WORLDS' THEN 'world'
                WHEN 'STORIES' THEN 'story' WHEN 'CHAT_SESSIONS' THEN 'chat_session' ELSE 'page' END,
           e.notion_page_id, e.passage_no, e.passage, e.model,
           (SELECT sum(a::double precision * b) FROM unnest(e.embedding, p_query) AS v(a, b)) / q.norm
      FROM %1$I.notion_sync_embeddings e, q
     WHERE e.user_id = p_user_id AND e.dimensions = cardinality(p_query) AND (p_model IS NULL OR e.model = p_model)
       AND q.norm > 0
     ORDER BY 6 DESC
     LIMIT least(greatest(coalesce(p_limit, 10), 1), 100);
$fn$;$f$, '${schema}');
        RAISE NOTICE 'notion-sync: the vector extension (pgvector) is not available: semantic search uses a'
                     ' portable real[] column, searched in an in-memory index of the JVM';
    END IF;
END
$$;
