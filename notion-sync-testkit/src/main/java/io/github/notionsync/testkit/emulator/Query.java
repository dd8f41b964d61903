package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Option;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data source queries: filters, timestamp sorts, opaque cursors and Notion's 10,000-result cap.
 *
 * <p>A cursor holds the sort keys and sequence number of the next page and the number of results
 * returned so far; resuming finds the first page at or after those keys, so a cursor stays valid
 * while pages change and each request costs only the pages it returns (plus those its filter skips).
 */
final class Query {

    static final int RESULT_CAP = 10_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** One timestamp sort. */
    record Sort(boolean created, boolean ascending) {
        int key(Page p) {
            return created ? p.created : p.edited;
        }
    }

    /** A parsed filter. */
    interface Filter {
        boolean test(Page page);
    }

    /** One page of results. */
    record Result(List<Page> pages, String nextCursor, boolean hasMore, boolean capped) {
    }

    private record SortedView(int version, Page[] pages) {
    }

    private Query() {
    }

    // ---- running

    static Result run(DataSource ds, Filter filter, List<Sort> sorts, boolean trash, String startCursor,
            int pageSize) {
        String sortKey = sortKey(sorts);
        int returned = 0;
        int resumeSeq = 0;
        int[] resumeKeys = new int[sorts.size()];
        if (startCursor != null) {
            int[] decoded = decode(startCursor, ds.id, sortKey, sorts.size());
            returned = decoded[0];
            resumeSeq = decoded[1];
            System.arraycopy(decoded, 2, resumeKeys, 0, sorts.size());
        }
        Page[] view;
        int start;
        if (sorts.isEmpty()) {
            view = null;
            start = resumeSeq;
        } else {
            view = sortedView(ds, sorts, sortKey);
            start = startCursor == null ? 0 : lowerBound(view, sorts, resumeKeys, resumeSeq);
        }
        int size = view == null ? ds.pages.size() : view.length;
        int limit = Math.min(pageSize, RESULT_CAP - returned);
        List<Page> out = new ArrayList<>(Math.max(0, limit));
        Page next = null;
        for (int i = start; i < size; i++) {
            Page p = view == null ? ds.pages.get(i) : view[i];
            if (!visible(p, trash) || (filter != null && !filter.test(p))) {
                continue;
            }
            if (out.size() < limit) {
                out.add(p);
            } else {
                next = p;
                break;
            }
        }
        if (next == null) {
            return new Result(out, null, false, false);
        }
        int total = returned + out.size();
        if (total >= RESULT_CAP) {
            return new Result(out, null, false, true);
        }
        return new Result(out, encode(ds.id, sortKey, total, next, sorts), true, false);
    }

    private static boolean visible(Page p, boolean trash) {
        if (p.deleted()) {
            return false;
        }
        return trash ? (p.flags & Page.TRASHED) != 0 : p.live();
    }

    private static String sortKey(List<Sort> sorts) {
        StringBuilder sb = new StringBuilder();
        for (Sort s : sorts) {
            sb.append(s.created() ? 'c' : 'e').append(s.ascending() ? 'a' : 'd');
        }
        return sb.toString();
    }

    private static Page[] sortedView(DataSource ds, List<Sort> sorts, String sortKey) {
        Object cached = ds.sortedViews.get(sortKey);
        if (cached instanceof SortedView v && v.version() == ds.version) {
            return v.pages();
        }
        Page[] pages = ds.pages.toArray(new Page[0]);
        Arrays.sort(pages, comparator(sorts));
        ds.sortedViews.put(sortKey, new SortedView(ds.version, pages));
        return pages;
    }

    private static Comparator<Page> comparator(List<Sort> sorts) {
        return (a, b) -> {
            for (Sort s : sorts) {
                int c = Integer.compare(s.key(a), s.key(b));
                if (c != 0) {
                    return s.ascending() ? c : -c;
                }
            }
            return Integer.compare(a.seq, b.seq);
        };
    }

    private static int lowerBound(Page[] view, List<Sort> sorts, int[] keys, int seq) {
        int lo = 0;
        int hi = view.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareTo(view[mid], sorts, keys, seq) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int compareTo(Page p, List<Sort> sorts, int[] keys, int seq) {
        for (int i = 0; i < sorts.size(); i++) {
            int c = Integer.compare(sorts.get(i).key(p), keys[i]);
            if (c != 0) {
                return sorts.get(i).ascending() ? c : -c;
            }
        }
        return Integer.compare(p.seq, seq);
    }

    // ---- cursors

    private static String encode(String dsId, String sortKey, int returned, Page next, List<Sort> sorts) {
        StringBuilder sb = new StringBuilder("q1.").append(Store.compact(dsId)).append('.').append(sortKey)
                .append('.').append(returned).append('.').append(next.seq);
        for (Sort s : sorts) {
            sb.append('.').append(s.key(next));
        }
        return B64.encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int[] decode(String cursor, String dsId, String sortKey, int sortCount) {
        try {
            String s = new String(B64D.decode(cursor), StandardCharsets.UTF_8);
            String[] parts = s.split("\\.", -1);
            if (parts.length != 5 + sortCount || !parts[0].equals("q1") || !parts[1].equals(Store.compact(dsId))
                    || !parts[2].equals(sortKey)) {
                throw invalidCursor(cursor);
            }
            int[] out = new int[2 + sortCount];
            for (int i = 0; i < out.length; i++) {
                out[i] = Integer.parseInt(parts[3 + i]);
            }
            if (out[0] < 0 || out[0] >= RESULT_CAP || out[1] < 0) {
                throw invalidCursor(cursor);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw invalidCursor(cursor);
        }
    }

    static ApiError invalidCursor(String cursor) {
        return ApiError.validation("body failed validation: body.start_cursor should be a valid cursor, instead was `\""
                + cursor + "\"`.");
    }

    // ---- parsing the request body

    static List<Sort> parseSorts(JsonNode node, DataSource ds) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.validation("body failed validation: body.sorts should be an array, instead was `"
                    + node + "`.");
        }
        List<Sort> sorts = new ArrayList<>();
        for (JsonNode s : node) {
            String field;
            if (s.hasNonNull("timestamp")) {
                field = s.get("timestamp").asText();
            } else if (s.hasNonNull("property")) {
                Property p = property(ds, s.get("property").asText());
                if (p.type != PropertyType.CREATED_TIME && p.type != PropertyType.LAST_EDITED_TIME) {
                    throw ApiError.validation("The Notion emulator sorts only by created_time and last_edited_time,"
                            + " not by property " + p.name + " (" + p.type.jsonName() + ").");
                }
                field = p.type.jsonName();
            } else {
                throw ApiError.validation("body failed validation: body.sorts[" + sorts.size()
                        + "] should have a timestamp or property, instead was `" + s + "`.");
            }
            if (!field.equals("created_time") && !field.equals("last_edited_time")) {
                throw ApiError.validation("body failed validation: body.sorts[" + sorts.size()
                        + "].timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `\""
                        + field + "\"`.");
            }
            String dir = s.path("direction").asText("ascending");
            if (!dir.equals("ascending") && !dir.equals("descending")) {
                throw ApiError.validation("body failed validation: body.sorts[" + sorts.size()
                        + "].direction should be `\"ascending\"` or `\"descending\"`, instead was `\"" + dir + "\"`.");
            }
            sorts.add(new Sort(field.equals("created_time"), dir.equals("ascending")));
        }
        return List.copyOf(sorts);
    }

    static Filter parseFilter(JsonNode node, DataSource ds, EmulatorClock clock) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiError.validation("body failed validation: body.filter should be an object, instead was `"
                    + node + "`.");
        }
        if (node.has("and") || node.has("or")) {
            boolean and = node.has("and");
            JsonNode list = node.get(and ? "and" : "or");
            if (!list.isArray()) {
                throw ApiError.validation("body failed validation: body.filter." + (and ? "and" : "or")
                        + " should be an array.");
            }
            List<Filter> parts = new ArrayList<>();
            for (JsonNode n : list) {
                parts.add(parseFilter(n, ds, clock));
            }
            return and ? p -> parts.stream().allMatch(f -> f.test(p)) : p -> parts.stream().anyMatch(f -> f.test(p));
        }
        if (node.hasNonNull("timestamp")) {
            String field = node.get("timestamp").asText();
            if (!field.equals("created_time") && !field.equals("last_edited_time")) {
                throw ApiError.validation("body failed validation: body.filter.timestamp should be "
                        + "`\"created_time\"` or `\"last_edited_time\"`, instead was `\"" + field + "\"`.");
            }
            boolean created = field.equals("created_time");
            MinutePredicate cond = timeCondition(node.get(field), "body.filter." + field, clock);
            return created ? p -> cond.test(p.created) : p -> cond.test(p.edited);
        }
        if (node.hasNonNull("property")) {
            return propertyFilter(node, property(ds, node.get("property").asText()), clock);
        }
        throw ApiError.validation("body failed validation: body.filter should define a property, a timestamp, "
                + "`and` or `or`, instead was `" + node + "`.");
    }

    private static Property property(DataSource ds, String nameOrId) {
        Property p = ds.byName.get(nameOrId);
        if (p == null) {
            p = ds.propertyById(nameOrId);
        }
        if (p == null) {
            throw ApiError.validation("Could not find property with name or id: " + nameOrId);
        }
        return p;
    }

    private interface MinutePredicate {
        boolean test(int minute);
    }

    private static MinutePredicate timeCondition(JsonNode cond, String path, EmulatorClock clock) {
        if (cond == null || !cond.isObject() || cond.size() != 1) {
            throw ApiError.validation("body failed validation: " + path + " should be an object with one condition"
                    + ", instead was `" + cond + "`.");
        }
        Map.Entry<String, JsonNode> e = cond.fields().next();
        String op = e.getKey();
        long now = clock.now().toEpochMilli();
        switch (op) {
            case "is_empty" -> {
                return m -> false;
            }
            case "is_not_empty" -> {
                return m -> true;
            }
            case "past_week", "past_month", "past_year", "next_week", "next_month", "next_year" -> {
                Duration span = op.endsWith("week") ? Duration.ofDays(7)
                        : op.endsWith("month") ? Duration.ofDays(30) : Duration.ofDays(365);
                long from = op.startsWith("past") ? now - span.toMillis() : now;
                long to = op.startsWith("past") ? now : now + span.toMillis();
                return m -> m * 60_000L >= from && m * 60_000L <= to;
            }
            default -> {
                // a comparison with a date below
            }
        }
        String text = e.getValue().asText();
        long at;
        long dayEnd;
        boolean dateOnly = text.length() == 10;
        try {
            if (dateOnly) {
                at = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                dayEnd = at + 86_400_000L;
            } else {
                at = OffsetDateTime.parse(text).toInstant().toEpochMilli();
                dayEnd = at;
            }
        } catch (DateTimeParseException ex) {
            throw ApiError.validation("body failed validation: " + path + "." + op
                    + " should be a valid ISO 8601 date string, instead was `\"" + text + "\"`.");
        }
        long atMinute = Math.floorDiv(at, 60_000L);
        return switch (op) {
            case "equals" -> dateOnly ? m -> m * 60_000L >= at && m * 60_000L < dayEnd : m -> m == atMinute;
            case "before" -> m -> m * 60_000L < at;
            case "after" -> dateOnly ? m -> m * 60_000L >= dayEnd : m -> m * 60_000L > at;
            case "on_or_before" -> dateOnly ? m -> m * 60_000L < dayEnd : m -> m * 60_000L <= at;
            case "on_or_after" -> m -> m * 60_000L >= at;
            default -> throw ApiError.validation("body failed validation: " + path + " has an unknown condition `"
                    + op + "`.");
        };
    }

    @SuppressWarnings("unchecked")
    private static Filter propertyFilter(JsonNode node, Property p, EmulatorClock clock) {
        JsonNode cond = null;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("property") && !e.getKey().equals("type")) {
                cond = e.getValue();
            }
        }
        String path = "body.filter." + p.type.jsonName();
        if (cond == null || !cond.isObject() || cond.size() != 1) {
            throw ApiError.validation("body failed validation: " + path + " should be an object with one condition"
                    + ", instead was `" + cond + "`.");
        }
        Map.Entry<String, JsonNode> c = cond.fields().next();
        String op = c.getKey();
        JsonNode arg = c.getValue();
        List<String> allowed = switch (p.type) {
            case TITLE, RICH_TEXT, URL, EMAIL, PHONE_NUMBER -> List.of("equals", "does_not_equal", "contains",
                    "does_not_contain", "starts_with", "ends_with", "is_empty", "is_not_empty");
            case NUMBER -> List.of("equals", "does_not_equal", "greater_than", "less_than",
                    "greater_than_or_equal_to", "less_than_or_equal_to", "is_empty", "is_not_empty");
            case CHECKBOX -> List.of("equals", "does_not_equal");
            case SELECT, STATUS -> List.of("equals", "does_not_equal", "is_empty", "is_not_empty");
            case MULTI_SELECT, RELATION, PEOPLE -> List.of("contains", "does_not_contain", "is_empty", "is_not_empty");
            default -> null;
        };
        if (allowed != null && !allowed.contains(op)) {
            throw unknownCondition(path, op);
        }
        switch (p.type) {
            case CREATED_TIME, LAST_EDITED_TIME -> {
                MinutePredicate m = timeCondition(cond, path, clock);
                return p.type == PropertyType.CREATED_TIME ? pg -> m.test(pg.created) : pg -> m.test(pg.edited);
            }
            case TITLE, RICH_TEXT, URL, EMAIL, PHONE_NUMBER -> {
                String want = arg.asText().toLowerCase(Locale.ROOT);
                return pg -> {
                    Object v = pg.value(p);
                    String s = v == null ? "" : v instanceof String str ? str : text((List<RichText>) v);
                    return textTest(op, s.toLowerCase(Locale.ROOT), want, path);
                };
            }
            case NUMBER -> {
                double want = arg.asDouble();
                return pg -> {
                    Number n = (Number) pg.value(p);
                    return switch (op) {
                        case "is_empty" -> n == null;
                        case "is_not_empty" -> n != null;
                        case "equals" -> n != null && n.doubleValue() == want;
                        case "does_not_equal" -> n == null || n.doubleValue() != want;
                        case "greater_than" -> n != null && n.doubleValue() > want;
                        case "less_than" -> n != null && n.doubleValue() < want;
                        case "greater_than_or_equal_to" -> n != null && n.doubleValue() >= want;
                        case "less_than_or_equal_to" -> n != null && n.doubleValue() <= want;
                        default -> throw unknownCondition(path, op);
                    };
                };
            }
            case CHECKBOX -> {
                boolean want = arg.asBoolean();
                return pg -> {
                    boolean v = Boolean.TRUE.equals(pg.value(p));
                    return switch (op) {
                        case "equals" -> v == want;
                        case "does_not_equal" -> v != want;
                        default -> throw unknownCondition(path, op);
                    };
                };
            }
            case SELECT, STATUS -> {
                String want = arg.asText();
                return pg -> {
                    Option o = (Option) pg.value(p);
                    return switch (op) {
                        case "equals" -> o != null && o.name().equals(want);
                        case "does_not_equal" -> o == null || !o.name().equals(want);
                        case "is_empty" -> o == null;
                        case "is_not_empty" -> o != null;
                        default -> throw unknownCondition(path, op);
                    };
                };
            }
            case MULTI_SELECT, RELATION, PEOPLE -> {
                String want = arg.asText();
                return pg -> {
                    List<Object> list = (List<Object>) pg.value(p);
                    boolean has = list != null && list.stream().anyMatch(
                            o -> (o instanceof Option opt ? opt.name() : o.toString()).equals(want));
                    return switch (op) {
                        case "contains" -> has;
                        case "does_not_contain" -> !has;
                        case "is_empty" -> list == null || list.isEmpty();
                        case "is_not_empty" -> list != null && !list.isEmpty();
                        default -> throw unknownCondition(path, op);
                    };
                };
            }
            default -> throw ApiError.validation("The Notion emulator cannot filter by " + p.type.jsonName()
                    + " property " + p.name + ".");
        }
    }

    private static String text(List<RichText> items) {
        if (items.size() == 1) {
            return items.get(0).type().equals(RichText.TEXT) ? items.get(0).content() : "";
        }
        StringBuilder sb = new StringBuilder();
        for (RichText r : items) {
            if (r.type().equals(RichText.TEXT)) {
                sb.append(r.content());
            }
        }
        return sb.toString();
    }

    private static boolean textTest(String op, String s, String want, String path) {
        return switch (op) {
            case "equals" -> s.equals(want);
            case "does_not_equal" -> !s.equals(want);
            case "contains" -> s.contains(want);
            case "does_not_contain" -> !s.contains(want);
            case "starts_with" -> s.startsWith(want);
            case "ends_with" -> s.endsWith(want);
            case "is_empty" -> s.isEmpty();
            case "is_not_empty" -> !s.isEmpty();
            default -> throw unknownCondition(path, op);
        };
    }

    private static ApiError unknownCondition(String path, String op) {
        return ApiError.validation("body failed validation: " + path + " has an unknown condition `" + op + "`.");
    }
}
