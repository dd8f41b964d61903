package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.notionsync.testkit.emulator.Model.BlockNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Database;
import io.github.notionsync.testkit.emulator.Model.Integration;
import io.github.notionsync.testkit.emulator.Model.Option;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import io.github.notionsync.testkit.emulator.Model.User;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders workspace objects as Notion JSON, streaming, straight from the stored form. */
final class Json {

    static final JsonFactory FACTORY = new JsonFactory();
    static final int MAX_INLINE_REFERENCES = 25;

    /** What a rendering depends on besides the object. */
    record Ctx(ApiVersion version, Store store, Integration integration, Set<String> filterProperties,
            String requestId) {
    }

    private Json() {
    }

    // ---- scalars

    static String timestamp(int epochMinute) {
        long seconds = epochMinute * 60L;
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
        put(c, 0, t.getYear(), 4);
        put(c, 5, t.getMonthValue(), 2);
        put(c, 8, t.getDayOfMonth(), 2);
        put(c, 11, t.getHour(), 2);
        put(c, 14, t.getMinute(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            c[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static String plainText(List<RichText> items, Store store) {
        if (items == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (RichText r : items) {
            sb.append(plainText(r, store));
        }
        return sb.toString();
    }

    private static String plainText(RichText r, Store store) {
        return switch (r.type()) {
            case RichText.PAGE_MENTION -> {
                Page p = store.page(r.content());
                yield p == null ? "Untitled" : titleOf(p, store);
            }
            case RichText.USER_MENTION -> {
                User u = store.users.get(r.content());
                yield "@" + (u == null ? "Unknown user" : u.name());
            }
            default -> r.content();
        };
    }

    @SuppressWarnings("unchecked")
    static String titleOf(Page page, Store store) {
        Object v = page.value(page.source.title());
        if (v == null) {
            return "";
        }
        List<RichText> items = (List<RichText>) v;
        if (items.size() == 1 && items.get(0).type().equals(RichText.TEXT)) {
            return items.get(0).content();
        }
        StringBuilder sb = new StringBuilder();
        for (RichText r : items) {
            sb.append(r.type().equals(RichText.TEXT) ? r.content() : "");
        }
        return sb.toString();
    }

    static String pageUrl(String title, String id) {
        StringBuilder slug = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < title.length() && slug.length() < 60; i++) {
            char ch = title.charAt(i);
            if (Character.isLetterOrDigit(ch)) {
                slug.append(ch);
                dash = false;
            } else if (!dash && slug.length() > 0) {
                slug.append('-');
                dash = true;
            }
        }
        if (slug.length() > 0 && slug.charAt(slug.length() - 1) != '-') {
            slug.append('-');
        }
        return "https://www.notion.so/" + slug + Store.compact(id);
    }

    static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            g.writeNumber(n.longValue());
        } else if (n instanceof BigDecimal b) {
            g.writeNumber(b);
        } else {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                g.writeNumber((long) d);
            } else {
                g.writeNumber(d);
            }
        }
    }

    // ---- lists and errors

    static void startList(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("object", "list");
        g.writeArrayFieldStart("results");
    }

    static void endList(JsonGenerator g, Ctx ctx, String nextCursor, boolean hasMore, String type, boolean capped)
            throws IOException {
        g.writeEndArray();
        g.writeStringField("next_cursor", nextCursor);
        g.writeBooleanField("has_more", hasMore);
        g.writeStringField("type", type);
        g.writeObjectFieldStart(type);
        g.writeEndObject();
        if (capped) {
            g.writeObjectFieldStart("request_status");
            g.writeStringField("type", "incomplete");
            g.writeStringField("incomplete_reason", "query_result_limit_reached");
            g.writeEndObject();
        }
        requestId(g, ctx);
        g.writeEndObject();
    }

    static void requestId(JsonGenerator g, Ctx ctx) throws IOException {
        if (ctx.version().dataSources()) {
            g.writeStringField("request_id", ctx.requestId());
        }
    }

    static void error(JsonGenerator g, ApiError e, String requestId, Integration integration) throws IOException {
        g.writeStartObject();
        g.writeStringField("object", "error");
        g.writeNumberField("status", e.status);
        g.writeStringField("code", e.code);
        g.writeStringField("message", e.getMessage());
        if (e.code.equals("object_not_found") && integration != null) {
            g.writeObjectFieldStart("additional_data");
            g.writeStringField("integration_id", integration.botId());
            g.writeEndObject();
        } else if (e.rateLimitReason != null) {
            g.writeObjectFieldStart("additional_data");
            g.writeStringField("rate_limit_reason", e.rateLimitReason);
            g.writeEndObject();
        }
        g.writeStringField("request_id", requestId);
        g.writeEndObject();
    }

    // ---- users

    static void partialUser(JsonGenerator g, String field, String id) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("object", "user");
        g.writeStringField("id", id);
        g.writeEndObject();
    }

    static void user(JsonGenerator g, Store store, String id, boolean listing) throws IOException {
        User u = store.users.get(id);
        g.writeStartObject();
        g.writeStringField("object", "user");
        g.writeStringField("id", id);
        if (u != null) {
            g.writeStringField("name", u.name());
            g.writeNullField("avatar_url");
            if (u.bot()) {
                g.writeStringField("type", "bot");
                g.writeObjectFieldStart("bot");
                if (listing) {
                    g.writeObjectFieldStart("owner");
                    g.writeStringField("type", "workspace");
                    g.writeBooleanField("workspace", true);
                    g.writeEndObject();
                    g.writeStringField("workspace_name", store.workspaceName);
                    g.writeStringField("workspace_id", store.workspaceId);
                    g.writeObjectFieldStart("workspace_limits");
                    g.writeNumberField("max_file_upload_size_in_bytes", 5242880);
                    g.writeEndObject();
                }
                g.writeEndObject();
            } else {
                g.writeStringField("type", "person");
                g.writeObjectFieldStart("person");
                g.writeStringField("email", u.email());
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    // ---- rich text

    static void richTextArray(JsonGenerator g, List<RichText> items, Store store, int max) throws IOException {
        g.writeStartArray();
        if (items != null) {
            int n = Math.min(items.size(), max);
            for (int i = 0; i < n; i++) {
                richText(g, items.get(i), store);
            }
        }
        g.writeEndArray();
    }

    static void richText(JsonGenerator g, RichText r, Store store) throws IOException {
        g.writeStartObject();
        switch (r.type()) {
            case RichText.PAGE_MENTION -> {
                g.writeStringField("type", "mention");
                g.writeObjectFieldStart("mention");
                g.writeStringField("type", "page");
                g.writeObjectFieldStart("page");
                g.writeStringField("id", r.content());
                g.writeEndObject();
                g.writeEndObject();
            }
            case RichText.USER_MENTION -> {
                g.writeStringField("type", "mention");
                g.writeObjectFieldStart("mention");
                g.writeStringField("type", "user");
                g.writeObjectFieldStart("user");
                g.writeStringField("object", "user");
                g.writeStringField("id", r.content());
                g.writeEndObject();
                g.writeEndObject();
            }
            default -> {
                g.writeStringField("type", "text");
                g.writeObjectFieldStart("text");
                g.writeStringField("content", r.content());
                if (r.link() == null) {
                    g.writeNullField("link");
                } else {
                    g.writeObjectFieldStart("link");
                    g.writeStringField("url", r.link());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
        }
        RichText.Style style = r.style();
        g.writeObjectFieldStart("annotations");
        g.writeBooleanField("bold", style.bold());
        g.writeBooleanField("italic", style.italic());
        g.writeBooleanField("strikethrough", style.strikethrough());
        g.writeBooleanField("underline", style.underline());
        g.writeBooleanField("code", style.code());
        g.writeStringField("color", style.color());
        g.writeEndObject();
        g.writeStringField("plain_text", plainText(r, store));
        if (r.type().equals(RichText.PAGE_MENTION)) {
            g.writeStringField("href", "https://www.notion.so/" + Store.compact(r.content()));
        } else {
            g.writeStringField("href", r.link());
        }
        g.writeEndObject();
    }

    static void titleArray(JsonGenerator g, String field, String text) throws IOException {
        g.writeArrayFieldStart(field);
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeObjectFieldStart("text");
        g.writeStringField("content", text);
        g.writeNullField("link");
        g.writeEndObject();
        g.writeObjectFieldStart("annotations");
        g.writeBooleanField("bold", false);
        g.writeBooleanField("italic", false);
        g.writeBooleanField("strikethrough", false);
        g.writeBooleanField("underline", false);
        g.writeBooleanField("code", false);
        g.writeStringField("color", "default");
        g.writeEndObject();
        g.writeStringField("plain_text", text);
        g.writeNullField("href");
        g.writeEndObject();
        g.writeEndArray();
    }

    // ---- pages

    static void parentOfPage(JsonGenerator g, Ctx ctx, Page page) throws IOException {
        g.writeObjectFieldStart("parent");
        if (ctx.version().dataSources()) {
            g.writeStringField("type", "data_source_id");
            g.writeStringField("data_source_id", page.source.id);
            g.writeStringField("database_id", page.source.database.id);
        } else {
            g.writeStringField("type", "database_id");
            g.writeStringField("database_id", page.source.database.id);
        }
        g.writeEndObject();
    }

    static void icon(JsonGenerator g, String emoji) throws IOException {
        if (emoji == null) {
            g.writeNullField("icon");
        } else {
            g.writeObjectFieldStart("icon");
            g.writeStringField("type", "emoji");
            g.writeStringField("emoji", emoji);
            g.writeEndObject();
        }
    }

    static void trashFields(JsonGenerator g, Ctx ctx, boolean archived, boolean trashed) throws IOException {
        if (ctx.version() == ApiVersion.V2022) {
            g.writeBooleanField("archived", archived || trashed);
        } else {
            g.writeBooleanField("in_trash", trashed);
            g.writeBooleanField("is_archived", archived);
            g.writeBooleanField("is_locked", false);
        }
    }

    static void page(JsonGenerator g, Ctx ctx, Page page, boolean single) throws IOException {
        boolean archived = (page.flags & Page.ARCHIVED) != 0;
        boolean trashed = (page.flags & Page.TRASHED) != 0;
        g.writeStartObject();
        g.writeStringField("object", "page");
        g.writeStringField("id", page.id);
        g.writeStringField("created_time", timestamp(page.created));
        g.writeStringField("last_edited_time", timestamp(page.edited));
        partialUser(g, "created_by", page.createdBy);
        partialUser(g, "last_edited_by", page.editedBy);
        g.writeNullField("cover");
        g.writeNullField("icon");
        parentOfPage(g, ctx, page);
        trashFields(g, ctx, archived, trashed);
        g.writeObjectFieldStart("properties");
        for (Property p : page.source.properties) {
            if (ctx.filterProperties() == null || ctx.filterProperties().contains(p.id)) {
                g.writeFieldName(p.name);
                propertyValue(g, ctx, page, p);
            }
        }
        g.writeEndObject();
        g.writeStringField("url", pageUrl(titleOf(page, ctx.store()), page.id));
        if (ctx.version().dataSources()) {
            g.writeNullField("public_url");
            if (ctx.version().archivedField()) {
                g.writeBooleanField("archived", archived || trashed);
            }
        }
        if (single) {
            requestId(g, ctx);
        }
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    static void propertyValue(JsonGenerator g, Ctx ctx, Page page, Property p) throws IOException {
        Store store = ctx.store();
        String t = p.type.jsonName();
        g.writeStartObject();
        g.writeStringField("id", p.id);
        g.writeStringField("type", t);
        Object v = p.type.computed() ? null : page.value(p);
        switch (p.type) {
            case TITLE, RICH_TEXT -> {
                g.writeFieldName(t);
                richTextArray(g, (List<RichText>) v, store, MAX_INLINE_REFERENCES);
            }
            case NUMBER -> {
                g.writeFieldName(t);
                if (v == null) {
                    g.writeNull();
                } else {
                    number(g, (Number) v);
                }
            }
            case SELECT, STATUS -> {
                g.writeFieldName(t);
                option(g, (Option) v, false);
            }
            case MULTI_SELECT -> {
                g.writeArrayFieldStart(t);
                if (v != null) {
                    for (Option o : (List<Option>) v) {
                        option(g, o, false);
                    }
                }
                g.writeEndArray();
            }
            case DATE -> {
                g.writeFieldName(t);
                date(g, (DateValue) v);
            }
            case PEOPLE -> {
                g.writeArrayFieldStart(t);
                if (v != null) {
                    List<String> ids = (List<String>) v;
                    for (int i = 0; i < Math.min(ids.size(), MAX_INLINE_REFERENCES); i++) {
                        user(g, store, ids.get(i), false);
                    }
                }
                g.writeEndArray();
            }
            case FILES -> {
                g.writeArrayFieldStart(t);
                if (v != null) {
                    for (FileRef f : (List<FileRef>) v) {
                        file(g, f);
                    }
                }
                g.writeEndArray();
            }
            case CHECKBOX -> g.writeBooleanField(t, Boolean.TRUE.equals(v));
            case URL, EMAIL, PHONE_NUMBER -> g.writeStringField(t, (String) v);
            case FORMULA -> {
                g.writeObjectFieldStart(t);
                formula(g, p.spec.formulaType(), v);
                g.writeEndObject();
            }
            case RELATION -> {
                List<String> ids = v == null ? List.of() : (List<String>) v;
                g.writeArrayFieldStart(t);
                for (int i = 0; i < Math.min(ids.size(), MAX_INLINE_REFERENCES); i++) {
                    g.writeStartObject();
                    g.writeStringField("id", ids.get(i));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeBooleanField("has_more", ids.size() > MAX_INLINE_REFERENCES);
            }
            case ROLLUP -> {
                g.writeFieldName(t);
                rollup(g, ctx, page, p);
            }
            case CREATED_TIME -> g.writeStringField(t, timestamp(page.created));
            case LAST_EDITED_TIME -> g.writeStringField(t, timestamp(page.edited));
            case CREATED_BY -> {
                g.writeFieldName(t);
                user(g, store, page.createdBy, false);
            }
            case LAST_EDITED_BY -> {
                g.writeFieldName(t);
                user(g, store, page.editedBy, false);
            }
            case UNIQUE_ID -> {
                g.writeObjectFieldStart(t);
                g.writeStringField("prefix", p.spec.prefix());
                g.writeNumberField("number", page.seq + 1);
                g.writeEndObject();
            }
            case VERIFICATION -> {
                g.writeObjectFieldStart(t);
                if (Boolean.TRUE.equals(v)) {
                    g.writeStringField("state", "verified");
                    g.writeFieldName("verified_by");
                    user(g, store, store.ownerId, false);
                    g.writeObjectFieldStart("date");
                    g.writeStringField("start", timestamp(page.created));
                    g.writeNullField("end");
                    g.writeNullField("time_zone");
                    g.writeEndObject();
                } else {
                    g.writeStringField("state", "unverified");
                    g.writeNullField("verified_by");
                    g.writeNullField("date");
                }
                g.writeEndObject();
            }
            case BUTTON -> {
                g.writeObjectFieldStart(t);
                g.writeEndObject();
            }
            case PLACE -> {
                g.writeFieldName(t);
                place(g, (Place) v);
            }
            default -> throw new IllegalStateException("Unhandled type " + p.type);
        }
        g.writeEndObject();
    }

    static void option(JsonGenerator g, Option o, boolean schema) throws IOException {
        if (o == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("id", o.id());
        g.writeStringField("name", o.name());
        g.writeStringField("color", o.color());
        if (schema) {
            g.writeNullField("description");
        }
        g.writeEndObject();
    }

    static void date(JsonGenerator g, DateValue d) throws IOException {
        if (d == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("start", d.start());
        g.writeStringField("end", d.end());
        g.writeStringField("time_zone", d.timeZone());
        g.writeEndObject();
    }

    static void file(JsonGenerator g, FileRef f) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("type", "external");
        g.writeObjectFieldStart("external");
        g.writeStringField("url", f.url());
        g.writeEndObject();
        g.writeEndObject();
    }

    static void place(JsonGenerator g, Place p) throws IOException {
        if (p == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("lat", p.lat());
        g.writeNumberField("lon", p.lon());
        g.writeStringField("name", p.name());
        g.writeStringField("address", p.address());
        g.writeNullField("aws_place_id");
        g.writeNullField("google_place_id");
        g.writeEndObject();
    }

    static void formula(JsonGenerator g, String type, Object v) throws IOException {
        g.writeStringField("type", type);
        g.writeFieldName(type);
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Number n) {
            number(g, n);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof DateValue d) {
            date(g, d);
        } else {
            g.writeString(v.toString());
        }
    }

    @SuppressWarnings("unchecked")
    static void rollup(JsonGenerator g, Ctx ctx, Page page, Property p) throws IOException {
        Object rel = page.value(p.rollupRelation);
        List<String> ids = rel == null ? List.of() : (List<String>) rel;
        String function = p.spec.rollupFunction();
        g.writeStartObject();
        if (function.equals("show_original")) {
            g.writeStringField("type", "array");
            g.writeArrayFieldStart("array");
            int n = 0;
            for (String id : ids) {
                Page related = ctx.store().page(id);
                if (related == null || n++ >= MAX_INLINE_REFERENCES) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("type", "title");
                g.writeFieldName("title");
                richTextArray(g, (List<RichText>) related.value(related.source.title()), ctx.store(),
                        MAX_INLINE_REFERENCES);
                g.writeEndObject();
            }
            g.writeEndArray();
        } else {
            g.writeStringField("type", "number");
            g.writeNumberField("number", rollupNumber(ctx.store(), page, p));
        }
        g.writeStringField("function", function);
        g.writeEndObject();
    }

    /** The value of a rollup whose function is count, not_empty or empty. */
    @SuppressWarnings("unchecked")
    static int rollupNumber(Store store, Page page, Property p) {
        Object rel = page.value(p.rollupRelation);
        List<String> ids = rel == null ? List.of() : (List<String>) rel;
        int count = 0;
        int notEmpty = 0;
        for (String id : ids) {
            count++;
            Page related = store.page(id);
            if (related != null && !titleOf(related, store).isEmpty()) {
                notEmpty++;
            }
        }
        return switch (p.spec.rollupFunction()) {
            case "not_empty" -> notEmpty;
            case "empty" -> count - notEmpty;
            default -> count;
        };
    }

    // ---- schema

    static void schemaProperty(JsonGenerator g, Ctx ctx, Property p) throws IOException {
        String t = p.type.jsonName();
        boolean v2025 = ctx.version().dataSources();
        g.writeStartObject();
        g.writeStringField("id", p.id);
        g.writeStringField("name", p.name);
        if (v2025) {
            g.writeNullField("description");
        }
        g.writeStringField("type", t);
        g.writeObjectFieldStart(t);
        switch (p.type) {
            case NUMBER -> g.writeStringField("format", p.spec.numberFormat());
            case SELECT, MULTI_SELECT, STATUS -> {
                g.writeArrayFieldStart("options");
                for (Option o : p.options) {
                    option(g, o, v2025);
                }
                g.writeEndArray();
                if (p.type == PropertyType.STATUS) {
                    statusGroups(g, p.options);
                }
            }
            case FORMULA -> g.writeStringField("expression", p.spec.expression());
            case RELATION -> {
                g.writeStringField("database_id", p.relationDatabaseId);
                String ds = ctx.store().firstDataSourceId(p.relationDatabaseId);
                if (v2025 && ds != null) {
                    g.writeStringField("data_source_id", ds);
                }
                g.writeStringField("type", "single_property");
                g.writeObjectFieldStart("single_property");
                g.writeEndObject();
            }
            case ROLLUP -> {
                g.writeStringField("rollup_property_name", p.spec.rollupProperty());
                g.writeStringField("relation_property_name", p.rollupRelation.name);
                DataSource target = ctx.store().dataSources.get(
                        ctx.store().firstDataSourceId(p.rollupRelation.relationDatabaseId) + "");
                Property rolled = target == null ? null : target.byName.get(p.spec.rollupProperty());
                if (rolled != null) {
                    g.writeStringField("rollup_property_id", rolled.id);
                }
                g.writeStringField("relation_property_id", p.rollupRelation.id);
                g.writeStringField("function", p.spec.rollupFunction());
            }
            case UNIQUE_ID -> g.writeStringField("prefix", p.spec.prefix());
            default -> {
                // title, rich_text, date, people, … have an empty configuration
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void statusGroups(JsonGenerator g, List<Option> options) throws IOException {
        String[][] groups = {{"To-do", "gray"}, {"In progress", "blue"}, {"Complete", "green"}};
        g.writeArrayFieldStart("groups");
        for (int gi = 0; gi < 3; gi++) {
            g.writeStartObject();
            g.writeStringField("id", Store.optionId("group/" + groups[gi][0] + '/' + options.get(0).id()));
            g.writeStringField("name", groups[gi][0]);
            g.writeStringField("color", groups[gi][1]);
            g.writeArrayFieldStart("option_ids");
            for (int i = 0; i < options.size(); i++) {
                int group = i == 0 ? 0 : (i == options.size() - 1 ? 2 : 1);
                if (group == gi) {
                    g.writeString(options.get(i).id());
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void workspaceParent(JsonGenerator g, String field) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("type", "workspace");
        g.writeBooleanField("workspace", true);
        g.writeEndObject();
    }

    /** A 2022-06-28 database: the container with the schema of its (single) data source. */
    static void database2022(JsonGenerator g, Ctx ctx, Database db, boolean single) throws IOException {
        DataSource ds = db.sources.get(0);
        g.writeStartObject();
        g.writeStringField("object", "database");
        g.writeStringField("id", db.id);
        g.writeNullField("cover");
        icon(g, db.icon);
        g.writeStringField("created_time", timestamp(db.created));
        partialUser(g, "created_by", db.createdBy);
        partialUser(g, "last_edited_by", db.createdBy);
        g.writeStringField("last_edited_time", timestamp(Math.max(db.edited, ds.edited)));
        titleArray(g, "title", db.title);
        g.writeArrayFieldStart("description");
        g.writeEndArray();
        g.writeBooleanField("is_inline", false);
        g.writeObjectFieldStart("properties");
        for (Property p : ds.properties) {
            g.writeFieldName(p.name);
            schemaProperty(g, ctx, p);
        }
        g.writeEndObject();
        workspaceParent(g, "parent");
        g.writeStringField("url", "https://www.notion.so/" + Store.compact(db.id));
        g.writeNullField("public_url");
        g.writeBooleanField("archived", db.trashed);
        if (single) {
            requestId(g, ctx);
        }
        g.writeEndObject();
    }

    /** A 2025-09-03 database: a container listing its data sources, without schema. */
    static void database2025(JsonGenerator g, Ctx ctx, Database db) throws IOException {
        g.writeStartObject();
        g.writeStringField("object", "database");
        g.writeStringField("id", db.id);
        titleArray(g, "title", db.title);
        g.writeArrayFieldStart("description");
        g.writeEndArray();
        workspaceParent(g, "parent");
        g.writeBooleanField("is_inline", false);
        g.writeBooleanField("in_trash", db.trashed);
        g.writeBooleanField("is_locked", false);
        g.writeStringField("created_time", timestamp(db.created));
        g.writeStringField("last_edited_time", timestamp(db.edited));
        g.writeArrayFieldStart("data_sources");
        for (DataSource ds : db.sources) {
            g.writeStartObject();
            g.writeStringField("id", ds.id);
            g.writeStringField("name", ds.name);
            g.writeEndObject();
        }
        g.writeEndArray();
        icon(g, db.icon);
        g.writeNullField("cover");
        g.writeStringField("url", "https://www.notion.so/" + Store.compact(db.id));
        g.writeNullField("public_url");
        if (ctx.version().archivedField()) {
            g.writeBooleanField("archived", db.trashed);
        }
        requestId(g, ctx);
        g.writeEndObject();
    }

    static void dataSource(JsonGenerator g, Ctx ctx, DataSource ds, boolean single) throws IOException {
        Database db = ds.database;
        g.writeStartObject();
        g.writeStringField("object", "data_source");
        g.writeStringField("id", ds.id);
        g.writeNullField("cover");
        icon(g, db.icon);
        g.writeStringField("created_time", timestamp(ds.created));
        partialUser(g, "created_by", db.createdBy);
        partialUser(g, "last_edited_by", db.createdBy);
        g.writeStringField("last_edited_time", timestamp(ds.edited));
        titleArray(g, "title", ds.name);
        g.writeArrayFieldStart("description");
        g.writeEndArray();
        g.writeBooleanField("is_inline", false);
        g.writeObjectFieldStart("properties");
        for (Property p : ds.properties) {
            g.writeFieldName(p.name);
            schemaProperty(g, ctx, p);
        }
        g.writeEndObject();
        g.writeObjectFieldStart("parent");
        g.writeStringField("type", "database_id");
        g.writeStringField("database_id", db.id);
        g.writeEndObject();
        workspaceParent(g, "database_parent");
        g.writeStringField("url", "https://www.notion.so/" + Store.compact(ds.id));
        g.writeNullField("public_url");
        g.writeBooleanField("in_trash", db.trashed);
        if (ctx.version().archivedField()) {
            g.writeBooleanField("archived", db.trashed);
        }
        if (single) {
            requestId(g, ctx);
        }
        g.writeEndObject();
    }

    // ---- blocks

    static void block(JsonGenerator g, Ctx ctx, BlockNode b, boolean single) throws IOException {
        Block spec = b.block;
        boolean trashed = b.trashed;
        g.writeStartObject();
        g.writeStringField("object", "block");
        g.writeStringField("id", b.id);
        g.writeObjectFieldStart("parent");
        g.writeStringField("type", b.parentIsPage ? "page_id" : "block_id");
        g.writeStringField(b.parentIsPage ? "page_id" : "block_id", b.parentId);
        g.writeEndObject();
        g.writeStringField("created_time", timestamp(b.created));
        g.writeStringField("last_edited_time", timestamp(b.edited));
        partialUser(g, "created_by", b.createdBy);
        partialUser(g, "last_edited_by", b.editedBy);
        g.writeBooleanField("has_children", b.children.stream().anyMatch(c -> !c.trashed));
        if (ctx.version().inTrashField()) {
            g.writeBooleanField("in_trash", trashed);
        }
        g.writeStringField("type", spec.type());
        g.writeObjectFieldStart(spec.type());
        if (Block.TEXT_TYPES.contains(spec.type())) {
            g.writeFieldName("rich_text");
            richTextArray(g, spec.richText(), ctx.store(), Integer.MAX_VALUE);
        }
        for (Map.Entry<String, Object> e : spec.attributes().entrySet()) {
            g.writeFieldName(e.getKey());
            any(g, e.getValue(), ctx.store());
        }
        g.writeEndObject();
        if (ctx.version().archivedField()) {
            g.writeBooleanField("archived", trashed);
        }
        if (single) {
            requestId(g, ctx);
        }
        g.writeEndObject();
    }

    static void any(JsonGenerator g, Object v, Store store) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number n) {
            number(g, n);
        } else if (v instanceof RichText r) {
            richText(g, r, store);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                any(g, e.getValue(), store);
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                any(g, o, store);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
