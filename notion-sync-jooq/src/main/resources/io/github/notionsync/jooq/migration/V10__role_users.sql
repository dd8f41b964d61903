-- notion-sync: row-level security for roles that are people or tools, not the application.
-- ${schema} is the schema notion-sync was migrated into.
--
-- Until now every policy compared user_id with the session setting notion_sync.user_id, which any
-- role may set to anything: that protects an application that sets it per transaction for the
-- user it serves (the seed's model, kept), not a role given to someone directly. A role named in
-- notion_sync_role_users is now bound to its user: for it the policies use the mapped user id and
-- ignore the setting. Roles not in the table keep the seed's model. The table owner (the role
-- notion-sync runs as) is not subject to the policies, as before.
CREATE TABLE ${schema}.notion_sync_role_users (
    role_name            text        PRIMARY KEY CHECK (length(role_name) BETWEEN 1 AND 63),
    user_id              text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
    created_at           timestamptz NOT NULL DEFAULT now()
);
-- Every role may see which role maps to which user (the policies read it as the caller); only
-- the owner may change it.
GRANT SELECT ON ${schema}.notion_sync_role_users TO PUBLIC;

-- The user the policies let the caller act for: the mapped user of the role it logged in as
-- (session_user, which SET ROLE does not change, so a mapped login cannot escape through a group
-- role), else that of the current role, else the session setting.
CREATE FUNCTION ${schema}.notion_sync_current_user_id()
RETURNS text
LANGUAGE sql STABLE AS $fn$
    SELECT coalesce((SELECT m.user_id FROM ${schema}.notion_sync_role_users m WHERE m.role_name = session_user),
                    (SELECT m.user_id FROM ${schema}.notion_sync_role_users m WHERE m.role_name = current_user),
                    current_setting('notion_sync.user_id', true));
$fn$;
ALTER FUNCTION ${schema}.notion_sync_current_user_id() SET search_path = ${schema}, pg_catalog;

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_policies
             WHERE schemaname = '${schema}' AND policyname = 'notion_sync_user_isolation' LOOP
        EXECUTE format('ALTER POLICY notion_sync_user_isolation ON %I.%I'
                       ' USING (user_id = (SELECT %I.notion_sync_current_user_id()))'
                       ' WITH CHECK (user_id = (SELECT %I.notion_sync_current_user_id()))',
                       '${schema}', r.tablename, '${schema}', '${schema}');
    END LOOP;
END
$$;
