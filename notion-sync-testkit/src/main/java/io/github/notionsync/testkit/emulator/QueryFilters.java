package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Option;
import io.github.notionsync.testkit.emulator.Model.Property;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses a query's {@code filter} into a {@link Query.Filter}: compound {@code and}/{@code or},
 * timestamp filters, and a property filter for every type Notion filters on, with the conditions
 * Notion documents for each type. Malformed filters answer Notion's 400 validation_error messages:
 * "body failed validation. Fix one: …" listing what was expected, "… should be a number, instead
 * was …", "Could not find property with name or id: …", "database property … does not match filter …".
 */
final class QueryFilters {

    /** The filter type keys of a property filter, in the order Notion lists them. */
    private static final List<String> FILTER_TYPES = List.of("title", "rich_text", "number", "checkbox", "select",
            "multi_select", "status", "date", "people", "files", "url", "email", "phone_number", "relation",
            "created_by", "created_time", "last_edited_by", "last_edited_time", "formula", "unique_id", "rollup",
            "verification");

    private static final List<String> TEXT = List.of("equals", "does_not_equal", "contains", "does_not_contain",
            "starts_with", "ends_with", "is_empty", "is_not_empty");
    private static final List<String> NUMBER = List.of("equals", "does_not_equal", "greater_than", "less_than",
            "greater_than_or_equal_to", "less_than_or_equal_to", "is_empty", "is_not_empty");
    private static final List<String> UNIQUE_ID = List.of("equals", "does_not_equal", "greater_than", "less_than",
            "greater_than_or_equal_to", "less_than_or_equal_to");
    private static final List<String> CHECKBOX = List.of("equals", "does_not_equal");
    private static final List<String> SELECT = List.of("equals", "does_not_equal", "is_empty", "is_not_empty");
    private static final List<String> CONTAINS = List.of("contains", "does_not_contain", "is_empty",
            "is_not_empty");
    private static final List<String> EMPTY = List.of("is_empty", "is_not_empty");
    private static final List<String> DATE = List.of("equals", "before", "after", "on_or_before", "on_or_after",
            "is_empty", "is_not_empty", "past_week", "past_month", "past_year", "this_week", "next_week",
            "next_month", "next_year");
    private static final List<String> FORMULA = List.of("string", "checkbox", "number", "date");
    private static final List<String> ROLLUP = List.of("any", "every", "none", "number", "date");

    private final DataSource ds;
    private final Store store;

    private QueryFilters(DataSource ds, Store store) {
        this.ds = ds;
        this.store = store;
    }

    /** The filter of a query body (null: none). */
    static Query.Filter parse(JsonNode node, DataSource ds, Store store) {
        if (node == null || node.isNull()) {
            return null;
        }
        return new QueryFilters(ds, store).filter(node, "body.filter");
    }

    private Query.Filter filter(JsonNode node, String path) {
        Router.object(node, path);
        for (String compound : List.of("and", "or")) {
            if (node.has(compound)) {
                Router.onlyKeys(node, path, Set.of(compound));
                JsonNode list = node.get(compound);
                if (!list.isArray()) {
                    throw invalid(path + "." + compound, "an array", list);
                }
                List<Query.Filter> parts = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    parts.add(filter(list.get(i), path + "." + compound + "[" + i + "]"));
                }
                return compound.equals("and") ? p -> parts.stream().allMatch(f -> f.test(p))
                        : p -> parts.stream().anyMatch(f -> f.test(p));
            }
        }
        if (node.has("timestamp")) {
            String field = Router.oneOf(node.get("timestamp"), path + ".timestamp",
                    List.of("created_time", "last_edited_time"));
            Router.onlyKeys(node, path, Set.of("timestamp", field));
            Predicate<Long> cond = date(required(node, field, path), path + "." + field);
            boolean created = field.equals("created_time");
            return p -> cond.test((created ? p.created : p.edited) * 60_000L);
        }
        if (node.has("property")) {
            return property(node, path);
        }
        List<String> expected = new ArrayList<>(List.of("or", "and"));
        expected.addAll(FILTER_TYPES);
        throw fixOne(path, expected);
    }

    // ---- property filters

    private Query.Filter property(JsonNode node, String path) {
        JsonNode name = node.get("property");
        if (!name.isTextual()) {
            throw invalid(path + ".property", "a string", name);
        }
        Property p = find(ds, name.asText());
        if (p == null) {
            throw ApiError.validation("Could not find property with name or id: " + name.asText());
        }
        String key = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("property") || e.getKey().equals("type")) {
                continue;
            }
            if (!FILTER_TYPES.contains(e.getKey())) {
                throw fixOne(path, FILTER_TYPES);
            }
            if (key != null) {
                throw ApiError.validation("body failed validation: " + path + "." + e.getKey()
                        + " should be not present, instead was `" + e.getValue() + "`.");
            }
            key = e.getKey();
        }
        if (key == null) {
            throw fixOne(path, FILTER_TYPES);
        }
        if (!keysOf(p.type).contains(key)) {
            throw ApiError.validation("database property " + (p.type == PropertyType.RICH_TEXT ? "text"
                    : p.type.jsonName()) + " does not match filter " + key);
        }
        JsonNode cond = node.get(key);
        String at = path + "." + key;
        return switch (p.type) {
            case TITLE, RICH_TEXT, URL, EMAIL, PHONE_NUMBER -> {
                Predicate<String> c = text(cond, at);
                yield pg -> c.test(PageValues.text(store, pg, p).toLowerCase(Locale.ROOT));
            }
            case NUMBER -> number(cond, at, NUMBER, p);
            case UNIQUE_ID -> number(cond, at, UNIQUE_ID, p);
            case CHECKBOX -> {
                Predicate<Boolean> c = checkbox(cond, at);
                yield pg -> c.test(Boolean.TRUE.equals(pg.value(p)));
            }
            case SELECT, STATUS -> {
                Map.Entry<String, JsonNode> c = condition(cond, at, SELECT);
                String op = c.getKey();
                String want = op.startsWith("is_") ? trueOnly(c.getValue(), at + "." + op)
                        : string(c.getValue(), at + "." + op);
                yield pg -> {
                    Option o = PageValues.option(pg, p);
                    return switch (op) {
                        case "equals" -> o != null && o.name().equals(want);
                        case "does_not_equal" -> o == null || !o.name().equals(want);
                        case "is_empty" -> o == null;
                        default -> o != null;
                    };
                };
            }
            case MULTI_SELECT -> contains(cond, at, p, false);
            case PEOPLE, CREATED_BY, LAST_EDITED_BY, RELATION -> contains(cond, at, p, true);
            case FILES -> {
                Map.Entry<String, JsonNode> c = condition(cond, at, EMPTY);
                trueOnly(c.getValue(), at + "." + c.getKey());
                boolean empty = c.getKey().equals("is_empty");
                yield pg -> PageValues.list(store, pg, p).isEmpty() == empty;
            }
            case DATE, CREATED_TIME, LAST_EDITED_TIME -> {
                Predicate<Long> c = date(cond, at);
                yield pg -> c.test(PageValues.instant(pg, p));
            }
            case FORMULA -> formula(cond, at, p);
            case ROLLUP -> rollup(cond, at, p);
            case VERIFICATION -> {
                Router.object(cond, at);
                Router.onlyKeys(cond, at, Set.of("status"));
                String status = Router.oneOf(cond.get("status"), at + ".status",
                        List.of("verified", "expired", "none"));
                // the emulator's pages are verified or not; none expires
                yield pg -> switch (status) {
                    case "verified" -> Boolean.TRUE.equals(pg.value(p));
                    case "none" -> !Boolean.TRUE.equals(pg.value(p));
                    default -> false;
                };
            }
            default -> throw new IllegalStateException("No filter for " + p.type);
        };
    }

    /** The filter keys a property type takes: its own, and the family's general one. */
    private static List<String> keysOf(PropertyType type) {
        return switch (type) {
            case TITLE, URL, EMAIL, PHONE_NUMBER -> List.of(type.jsonName(), "rich_text");
            case CREATED_TIME, LAST_EDITED_TIME -> List.of(type.jsonName(), "date");
            case CREATED_BY, LAST_EDITED_BY -> List.of(type.jsonName(), "people");
            case BUTTON, PLACE -> List.of();
            default -> List.of(type.jsonName());
        };
    }

    static Property find(DataSource ds, String nameOrId) {
        Property p = ds.byName.get(nameOrId);
        if (p == null) {
            p = ds.propertyById(nameOrId);
        }
        if (p == null) {
            p = ds.propertyById(Store.encode(nameOrId));
        }
        return p;
    }

    private Query.Filter number(JsonNode cond, String at, List<String> ops, Property p) {
        Predicate<Double> c = number(cond, at, ops);
        return pg -> c.test(PageValues.number(store, pg, p));
    }

    /** multi_select (option names), or people and relation (ids). */
    private Query.Filter contains(JsonNode cond, String at, Property p, boolean ids) {
        Map.Entry<String, JsonNode> c = condition(cond, at, CONTAINS);
        String op = c.getKey();
        String path = at + "." + op;
        if (op.startsWith("is_")) {
            trueOnly(c.getValue(), path);
            boolean empty = op.equals("is_empty");
            return pg -> PageValues.list(store, pg, p).isEmpty() == empty;
        }
        String want = ids ? Router.uuid(string(c.getValue(), path), "body", path.substring("body.".length()))
                : string(c.getValue(), path);
        boolean contains = op.equals("contains");
        return pg -> PageValues.list(store, pg, p).contains(want) == contains;
    }

    private Query.Filter formula(JsonNode cond, String at, Property p) {
        Map.Entry<String, JsonNode> c = condition(cond, at, FORMULA);
        String kind = c.getKey();
        String type = p.spec.formulaType();
        String expected = kind.equals("checkbox") ? "boolean" : kind;
        if (!expected.equals(type)) {
            throw ApiError.validation("formula property " + p.name + " of type " + type
                    + " does not match filter " + kind);
        }
        String path = at + "." + kind;
        return switch (kind) {
            case "string" -> {
                Predicate<String> t = text(c.getValue(), path);
                yield pg -> t.test(pg.value(p) == null ? "" : pg.value(p).toString().toLowerCase(Locale.ROOT));
            }
            case "checkbox" -> {
                Predicate<Boolean> b = checkbox(c.getValue(), path);
                yield pg -> b.test(Boolean.TRUE.equals(pg.value(p)));
            }
            case "number" -> number(c.getValue(), path, NUMBER, p);
            default -> {
                Predicate<Long> d = date(c.getValue(), path);
                yield pg -> d.test(PageValues.instant(pg, p));
            }
        };
    }

    private Query.Filter rollup(JsonNode cond, String at, Property p) {
        Map.Entry<String, JsonNode> c = condition(cond, at, ROLLUP);
        String kind = c.getKey();
        boolean array = p.spec.rollupFunction().equals("show_original");
        String type = array ? "array" : "number";
        if (kind.equals("date") || (kind.equals("number") == array)) {
            throw ApiError.validation("rollup property " + p.name + " of type " + type
                    + " does not match filter " + kind);
        }
        String path = at + "." + kind;
        if (kind.equals("number")) {
            return number(c.getValue(), path, NUMBER, p);
        }
        // any, every, none: a filter on each rolled-up value, the titles of the related pages
        JsonNode item = c.getValue();
        Router.object(item, path);
        Map.Entry<String, JsonNode> typed = item.size() == 1 ? item.fields().next() : null;
        if (typed == null || !List.of("title", "rich_text").contains(typed.getKey())) {
            throw fixOne(path, List.of("title", "rich_text"));
        }
        Predicate<String> t = text(typed.getValue(), path + "." + typed.getKey());
        return pg -> {
            List<String> titles = PageValues.list(store, pg, p);
            return switch (kind) {
                case "any" -> titles.stream().anyMatch(s -> t.test(s.toLowerCase(Locale.ROOT)));
                case "every" -> titles.stream().allMatch(s -> t.test(s.toLowerCase(Locale.ROOT)));
                default -> titles.stream().noneMatch(s -> t.test(s.toLowerCase(Locale.ROOT)));
            };
        };
    }

    // ---- conditions

    /** A text condition on a lower-case value ("" when empty). */
    private static Predicate<String> text(JsonNode cond, String at) {
        Map.Entry<String, JsonNode> c = condition(cond, at, TEXT);
        String op = c.getKey();
        String path = at + "." + op;
        if (op.startsWith("is_")) {
            trueOnly(c.getValue(), path);
            return op.equals("is_empty") ? String::isEmpty : s -> !s.isEmpty();
        }
        String want = string(c.getValue(), path).toLowerCase(Locale.ROOT);
        return switch (op) {
            case "equals" -> s -> s.equals(want);
            case "does_not_equal" -> s -> !s.equals(want);
            case "contains" -> s -> s.contains(want);
            case "does_not_contain" -> s -> !s.contains(want);
            case "starts_with" -> s -> s.startsWith(want);
            default -> s -> s.endsWith(want);
        };
    }

    /** A number condition (null: empty). */
    private static Predicate<Double> number(JsonNode cond, String at, List<String> ops) {
        Map.Entry<String, JsonNode> c = condition(cond, at, ops);
        String op = c.getKey();
        String path = at + "." + op;
        if (op.startsWith("is_")) {
            trueOnly(c.getValue(), path);
            return op.equals("is_empty") ? n -> n == null : n -> n != null;
        }
        if (!c.getValue().isNumber()) {
            throw invalid(path, "a number", c.getValue());
        }
        double want = c.getValue().asDouble();
        return switch (op) {
            case "equals" -> n -> n != null && n == want;
            case "does_not_equal" -> n -> n == null || n != want;
            case "greater_than" -> n -> n != null && n > want;
            case "less_than" -> n -> n != null && n < want;
            case "greater_than_or_equal_to" -> n -> n != null && n >= want;
            default -> n -> n != null && n <= want;
        };
    }

    private static Predicate<Boolean> checkbox(JsonNode cond, String at) {
        Map.Entry<String, JsonNode> c = condition(cond, at, CHECKBOX);
        if (!c.getValue().isBoolean()) {
            throw invalid(at + "." + c.getKey(), "a boolean", c.getValue());
        }
        boolean want = c.getValue().asBoolean();
        return c.getKey().equals("equals") ? b -> b == want : b -> b != want;
    }

    /** A date condition on epoch milliseconds (null: empty), relative ones against the emulator's clock. */
    private Predicate<Long> date(JsonNode cond, String at) {
        Map.Entry<String, JsonNode> c = condition(cond, at, DATE);
        String op = c.getKey();
        String path = at + "." + op;
        JsonNode arg = c.getValue();
        if (op.startsWith("is_")) {
            trueOnly(arg, path);
            return op.equals("is_empty") ? v -> v == null : v -> v != null;
        }
        long now = store.clock.now().toEpochMilli();
        if (op.startsWith("past_") || op.startsWith("next_") || op.equals("this_week")) {
            Router.object(arg, path);
            long from;
            long to;
            if (op.equals("this_week")) {
                // ISO weeks, Monday to Sunday, in UTC
                LocalDate monday = LocalDate.ofEpochDay(Math.floorDiv(now, 86_400_000L)).with(DayOfWeek.MONDAY);
                from = monday.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                to = from + Duration.ofDays(7).toMillis() - 1;
            } else {
                long span = (op.endsWith("week") ? Duration.ofDays(7) : op.endsWith("month") ? Duration.ofDays(30)
                        : Duration.ofDays(365)).toMillis();
                from = op.startsWith("past_") ? now - span : now;
                to = op.startsWith("past_") ? now : now + span;
            }
            return v -> v != null && v >= from && v <= to;
        }
        String text = string(arg, path);
        boolean dateOnly = text.length() == 10;
        long at0;
        try {
            at0 = dateOnly ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                    : OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.validation("body failed validation: " + path + " should be a valid ISO 8601 date string, "
                    + "instead was `" + arg + "`.");
        }
        long start = at0;
        long end = dateOnly ? at0 + 86_400_000L : at0;
        return switch (op) {
            case "equals" -> dateOnly ? v -> v != null && v >= start && v < end
                    : v -> v != null && Math.floorDiv(v, 60_000L) == Math.floorDiv(start, 60_000L);
            case "before" -> v -> v != null && v < start;
            case "after" -> dateOnly ? v -> v != null && v >= end : v -> v != null && v > start;
            case "on_or_before" -> dateOnly ? v -> v != null && v < end : v -> v != null && v <= start;
            default -> v -> v != null && v >= start;
        };
    }

    // ---- validation

    /** The one operator of a condition object, which must be one of {@code ops}. */
    private static Map.Entry<String, JsonNode> condition(JsonNode cond, String at, List<String> ops) {
        if (cond == null || !cond.isObject()) {
            throw invalid(at, "an object", cond);
        }
        Iterator<Map.Entry<String, JsonNode>> it = cond.fields();
        if (!it.hasNext()) {
            throw fixOne(at, ops);
        }
        Map.Entry<String, JsonNode> c = it.next();
        if (!ops.contains(c.getKey())) {
            throw fixOne(at, ops);
        }
        if (it.hasNext()) {
            Map.Entry<String, JsonNode> extra = it.next();
            throw ApiError.validation("body failed validation: " + at + "." + extra.getKey()
                    + " should be not present, instead was `" + extra.getValue() + "`.");
        }
        return c;
    }

    private static String string(JsonNode arg, String path) {
        if (!arg.isTextual()) {
            throw invalid(path, "a string", arg);
        }
        return arg.asText();
    }

    /** {@code is_empty} and {@code is_not_empty} take exactly {@code true}. */
    private static String trueOnly(JsonNode arg, String path) {
        if (!arg.isBoolean() || !arg.asBoolean()) {
            throw ApiError.validation("body failed validation: " + path + " should be `true`, instead was `" + arg
                    + "`.");
        }
        return "";
    }

    private static JsonNode required(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.validation("body failed validation: " + path + "." + field + " should be defined, "
                    + "instead was `undefined`.");
        }
        return v;
    }

    private static ApiError invalid(String path, String what, JsonNode value) {
        return ApiError.validation("body failed validation: " + path + " should be " + what + ", instead was `"
                + (value == null ? "undefined" : value.toString()) + "`.");
    }

    /** Notion's answer when none of a union's alternatives fits: each alternative's missing key. */
    private static ApiError fixOne(String path, List<String> keys) {
        StringBuilder sb = new StringBuilder("body failed validation. Fix one:");
        for (String k : keys) {
            sb.append('\n').append(path).append('.').append(k).append(" should be defined, instead was `undefined`.");
        }
        return ApiError.validation(sb.toString());
    }
}
