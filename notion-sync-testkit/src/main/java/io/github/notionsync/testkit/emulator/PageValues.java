package io.github.notionsync.testkit.emulator;

import io.github.notionsync.testkit.emulator.Model.Option;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import io.github.notionsync.testkit.emulator.Model.User;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A page's property values as queries compare them: text, numbers, instants, ids and names. The
 * caller holds the store's read lock.
 */
final class PageValues {

    private PageValues() {
    }

    /** The text of a text-like property (title, rich_text, url, email, phone_number), "" when empty. */
    @SuppressWarnings("unchecked")
    static String text(Store store, Page page, Property p) {
        Object v = page.value(p);
        if (v == null) {
            return "";
        }
        return v instanceof String s ? s : Json.plainText((List<RichText>) v, store);
    }

    /** A number, unique_id, formula number or number rollup as a double, or null when empty. */
    static Double number(Store store, Page page, Property p) {
        return switch (p.type) {
            case UNIQUE_ID -> (double) (page.seq + 1);
            case ROLLUP -> p.spec.rollupFunction().equals("show_original") ? null
                    : (double) Json.rollupNumber(store, page, p);
            default -> page.value(p) instanceof Number n ? n.doubleValue() : null;
        };
    }

    /** A date, created_time, last_edited_time or formula date as epoch milliseconds of its start, or null. */
    static Long instant(Page page, Property p) {
        return switch (p.type) {
            case CREATED_TIME -> page.created * 60_000L;
            case LAST_EDITED_TIME -> page.edited * 60_000L;
            default -> page.value(p) instanceof DateValue d ? millis(d.start()) : null;
        };
    }

    /** Epoch milliseconds of an ISO date (its start, in UTC) or date-time. */
    static long millis(String isoDateOrDateTime) {
        if (isoDateOrDateTime.length() == 10) {
            return LocalDate.parse(isoDateOrDateTime).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        return OffsetDateTime.parse(isoDateOrDateTime).toInstant().toEpochMilli();
    }

    /** The option of a select or status, or null. */
    static Option option(Page page, Property p) {
        return page.value(p) instanceof Option o ? o : null;
    }

    /**
     * The names of a multi_select's options, the ids of a people, relation, created_by or
     * last_edited_by property, or the titles of the pages a show_original rollup lists.
     */
    @SuppressWarnings("unchecked")
    static List<String> list(Store store, Page page, Property p) {
        switch (p.type) {
            case CREATED_BY -> {
                return List.of(page.createdBy);
            }
            case LAST_EDITED_BY -> {
                return List.of(page.editedBy);
            }
            case ROLLUP -> {
                Object rel = page.value(p.rollupRelation);
                List<String> titles = new ArrayList<>();
                for (String id : rel == null ? List.<String>of() : (List<String>) rel) {
                    Page related = store.page(id);
                    if (related != null) {
                        titles.add(Json.titleOf(related, store));
                    }
                }
                return titles;
            }
            default -> {
                Object v = page.value(p);
                if (v == null) {
                    return List.of();
                }
                List<String> out = new ArrayList<>();
                for (Object o : (List<Object>) v) {
                    out.add(o instanceof Option opt ? opt.name() : o instanceof FileRef f ? f.name() : o.toString());
                }
                return out;
            }
        }
    }

    /**
     * The key a property sorts by: a Long, Double, Boolean or lower-case String, or null when the
     * value is empty (empty values sort last in either direction, as in Notion). Selects and
     * statuses sort in the order of their options; lists by their items in turn.
     */
    static Object sortKey(Store store, Page page, Property p) {
        return switch (p.type) {
            case TITLE, RICH_TEXT, URL, EMAIL, PHONE_NUMBER -> lower(text(store, page, p));
            case NUMBER, UNIQUE_ID -> number(store, page, p);
            case CHECKBOX, VERIFICATION -> Boolean.TRUE.equals(page.value(p));
            case SELECT, STATUS -> {
                Option o = option(page, p);
                yield o == null ? null : (long) p.options.indexOf(o);
            }
            case MULTI_SELECT -> {
                StringBuilder sb = new StringBuilder();
                for (String name : list(store, page, p)) {
                    Option o = p.option(name);
                    sb.append((char) (1 + (o == null ? p.options.size() : p.options.indexOf(o))));
                }
                yield sb.isEmpty() ? null : sb.toString();
            }
            case DATE, CREATED_TIME, LAST_EDITED_TIME -> instant(page, p);
            case PEOPLE, CREATED_BY, LAST_EDITED_BY -> {
                List<String> names = new ArrayList<>();
                for (String id : list(store, page, p)) {
                    User u = store.users.get(id);
                    names.add(u == null ? id : u.name());
                }
                yield lower(String.join(", ", names));
            }
            case FILES -> {
                List<String> names = list(store, page, p);
                yield names.isEmpty() ? null : lower(names.get(0));
            }
            case RELATION -> {
                List<String> titles = new ArrayList<>();
                for (String id : list(store, page, p)) {
                    Page related = store.page(id);
                    titles.add(related == null ? "" : Json.titleOf(related, store));
                }
                yield lower(String.join(", ", titles));
            }
            case FORMULA -> {
                Object v = page.value(p);
                yield switch (p.spec.formulaType()) {
                    case "string" -> v == null ? null : lower(v.toString());
                    case "number" -> v instanceof Number n ? n.doubleValue() : null;
                    case "boolean" -> Boolean.TRUE.equals(v);
                    default -> instant(page, p);
                };
            }
            case ROLLUP -> p.spec.rollupFunction().equals("show_original")
                    ? lower(String.join(", ", list(store, page, p))) : number(store, page, p);
            case PLACE -> page.value(p) instanceof Place place && place.name() != null ? lower(place.name()) : null;
            default -> null;
        };
    }

    /** Whether a property's sort key depends on other pages (so sorted views of it cannot be kept). */
    static boolean sortsByOtherPages(Property p) {
        return p.type == PropertyType.RELATION || p.type == PropertyType.ROLLUP;
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }
}
