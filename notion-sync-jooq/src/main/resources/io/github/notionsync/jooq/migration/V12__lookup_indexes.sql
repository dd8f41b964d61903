-- notion-sync: indexes for lookups that used to scan whole tables.
-- ${schema} is the schema notion-sync was migrated into.
-- The scheduler reads and updates a sync request by its id alone (the primary key starts with the user).
CREATE UNIQUE INDEX notion_sync_requests_request_id_idx ON ${schema}.notion_sync_requests (request_id);
-- Webhook events name a page only: which users and databases mirror it.
CREATE INDEX notion_pages_sync_page_idx ON ${schema}.notion_pages_sync (notion_page_id);
CREATE INDEX notion_characters_sync_page_idx ON ${schema}.notion_characters_sync (notion_page_id);
CREATE INDEX notion_worlds_sync_page_idx ON ${schema}.notion_worlds_sync (notion_page_id);
CREATE INDEX notion_stories_sync_page_idx ON ${schema}.notion_stories_sync (notion_page_id);
CREATE INDEX notion_chat_sessions_sync_page_idx ON ${schema}.notion_chat_sessions_sync (notion_page_id);
