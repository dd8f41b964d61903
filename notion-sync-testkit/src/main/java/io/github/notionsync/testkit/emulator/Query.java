package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Data source queries: filters (see {@link QueryFilters}), sorts by timestamps and by any property,
 * opaque cursors and Notion's 10,000-result cap.
 *
 * <p>A cursor holds the sort keys and sequence number of the next page and the number of results
 * returned so far; resuming finds the first page at or after those keys, so a cursor stays valid
 * while pages change and each request costs only the pages it returns (plus those its filter skips).
 */
final class Query {

    static final int RESULT_CAP = 10_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /**
     * One sort: by {@code created_time} or {@code last_edited_time} (property null), or by a
     * property (see {@link PageValues#sortKey}; empty values last in either direction).
     */
    static final class Sort {
        private final Property property;
        private final boolean created;
        private final boolean ascending;
        private final Store store;

        private Sort(Property property, boolean created, boolean ascending, Store store) {
            this.property = property;
            this.created = created;
            this.ascending = ascending;
            this.store = store;
        }

        /** A timestamp sort. */
        static Sort timestamp(boolean created, boolean ascending) {
            return new Sort(null, created, ascending, null);
        }

        private int minute(Page p) {
            return created ? p.created : p.edited;
        }

        /** The page's key: a Long minute for timestamps, else the property's sort key (may be null). */
        Object key(Page p) {
            return property == null ? Long.valueOf(minute(p)) : PageValues.sortKey(store, p, property);
        }

        int compare(Page a, Page b) {
            if (property == null) {
                int c = Integer.compare(minute(a), minute(b));
                return ascending ? c : -c;
            }
            return compareKeys(key(a), key(b), ascending);
        }

        /** Whether sorted views by this sort can be kept until the data source changes. */
        boolean keepable() {
            return property == null || !PageValues.sortsByOtherPages(property);
        }

        String code() {
            return (property == null ? (created ? "c" : "e") : "p" + property.index) + (ascending ? 'a' : 'd');
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
        Object[] resumeKeys = new Object[sorts.size()];
        if (startCursor != null) {
            Object[] decoded = decode(startCursor, ds.id, sortKey, sorts.size());
            returned = (Integer) decoded[0];
            resumeSeq = (Integer) decoded[1];
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
            if (!sb.isEmpty()) {
                sb.append('_');
            }
            sb.append(s.code());
        }
        return sb.toString();
    }

    private static Page[] sortedView(DataSource ds, List<Sort> sorts, String sortKey) {
        boolean keepable = sorts.stream().allMatch(Sort::keepable);
        Object cached = ds.sortedViews.get(sortKey);
        if (keepable && cached instanceof SortedView v && v.version() == ds.version) {
            return v.pages();
        }
        Page[] pages = ds.pages.toArray(new Page[0]);
        if (sorts.stream().allMatch(s -> s.property == null)) {
            Arrays.sort(pages, comparator(sorts));
        } else {
            // property keys can cost a lookup each: compute them once per page
            record Keyed(Page page, Object[] keys) {
            }
            Keyed[] keyed = new Keyed[pages.length];
            for (int i = 0; i < pages.length; i++) {
                Object[] keys = new Object[sorts.size()];
                for (int j = 0; j < keys.length; j++) {
                    keys[j] = sorts.get(j).key(pages[i]);
                }
                keyed[i] = new Keyed(pages[i], keys);
            }
            Arrays.sort(keyed, (a, b) -> {
                for (int j = 0; j < sorts.size(); j++) {
                    int c = compareKeys(a.keys()[j], b.keys()[j], sorts.get(j).ascending);
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.page().seq, b.page().seq);
            });
            for (int i = 0; i < pages.length; i++) {
                pages[i] = keyed[i].page();
            }
        }
        if (keepable) {
            ds.sortedViews.put(sortKey, new SortedView(ds.version, pages));
        }
        return pages;
    }

    private static Comparator<Page> comparator(List<Sort> sorts) {
        return (a, b) -> {
            for (Sort s : sorts) {
                int c = s.compare(a, b);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.seq, b.seq);
        };
    }

    /** Compares two keys of one sort: empty (null) values last whatever the direction. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(Object a, Object b, boolean ascending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int c = ((Comparable) a).compareTo(b);
        return ascending ? c : -c;
    }

    private static int lowerBound(Page[] view, List<Sort> sorts, Object[] keys, int seq) {
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

    private static int compareTo(Page p, List<Sort> sorts, Object[] keys, int seq) {
        for (int i = 0; i < sorts.size(); i++) {
            int c = compareKeys(sorts.get(i).key(p), keys[i], sorts.get(i).ascending);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(p.seq, seq);
    }

    // ---- cursors

    private static String encode(String dsId, String sortKey, int returned, Page next, List<Sort> sorts) {
        StringBuilder sb = new StringBuilder("q2.").append(Store.compact(dsId)).append('.').append(sortKey)
                .append('.').append(returned).append('.').append(next.seq);
        for (Sort s : sorts) {
            sb.append('.').append(encodeKey(s.key(next)));
        }
        return B64.encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String encodeKey(Object key) {
        if (key == null) {
            return "n";
        } else if (key instanceof Long l) {
            return "l" + l;
        } else if (key instanceof Double d) {
            return "d" + Double.doubleToLongBits(d);
        } else if (key instanceof Boolean b) {
            return b ? "b1" : "b0";
        }
        return "s" + B64.encodeToString(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Object decodeKey(String s) {
        String rest = s.substring(1);
        return switch (s.charAt(0)) {
            case 'n' -> {
                if (!rest.isEmpty()) {
                    throw new IllegalArgumentException(s);
                }
                yield null;
            }
            case 'l' -> Long.parseLong(rest);
            case 'd' -> Double.longBitsToDouble(Long.parseLong(rest));
            case 'b' -> switch (rest) {
                case "1" -> Boolean.TRUE;
                case "0" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(s);
            };
            case 's' -> new String(B64D.decode(rest), StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** The results returned so far, the next page's sequence number and its sort keys. */
    private static Object[] decode(String cursor, String dsId, String sortKey, int sortCount) {
        try {
            String s = new String(B64D.decode(cursor), StandardCharsets.UTF_8);
            String[] parts = s.split("\\.", -1);
            if (parts.length != 5 + sortCount || !parts[0].equals("q2") || !parts[1].equals(Store.compact(dsId))
                    || !parts[2].equals(sortKey)) {
                throw invalidCursor(cursor);
            }
            Object[] out = new Object[2 + sortCount];
            int returned = Integer.parseInt(parts[3]);
            int seq = Integer.parseInt(parts[4]);
            if (returned < 0 || returned >= RESULT_CAP || seq < 0) {
                throw invalidCursor(cursor);
            }
            out[0] = returned;
            out[1] = seq;
            for (int i = 0; i < sortCount; i++) {
                out[2 + i] = decodeKey(parts[5 + i]);
            }
            return out;
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw invalidCursor(cursor);
        }
    }

    static ApiError invalidCursor(String cursor) {
        return ApiError.validation("body failed validation: body.start_cursor should be a valid cursor, instead was `\""
                + cursor + "\"`.");
    }

    // ---- parsing the request body

    /**
     * The sorts of a query body: {@code {"timestamp": "created_time"|"last_edited_time"}} or
     * {@code {"property": name or id}}, each with a {@code direction} (ascending when left out).
     */
    static List<Sort> parseSorts(JsonNode node, DataSource ds, Store store) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.validation("body failed validation: body.sorts should be an array, instead was `"
                    + node + "`.");
        }
        List<Sort> sorts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            String path = "body.sorts[" + i + "]";
            Router.object(s, path);
            boolean ascending = true;
            JsonNode direction = s.get("direction");
            if (direction != null && !direction.isNull()) {
                ascending = Router.oneOf(direction, path + ".direction", List.of("ascending", "descending"))
                        .equals("ascending");
            }
            if (s.has("timestamp")) {
                Router.onlyKeys(s, path, Set.of("timestamp", "direction"));
                String field = Router.oneOf(s.get("timestamp"), path + ".timestamp",
                        List.of("created_time", "last_edited_time"));
                sorts.add(Sort.timestamp(field.equals("created_time"), ascending));
            } else if (s.has("property")) {
                Router.onlyKeys(s, path, Set.of("property", "direction"));
                JsonNode name = s.get("property");
                if (!name.isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + ".property should be a string, "
                            + "instead was `" + name + "`.");
                }
                Property p = QueryFilters.find(ds, name.asText());
                if (p == null) {
                    throw ApiError.validation("Could not find sort property with name or id: " + name.asText());
                }
                sorts.add(new Sort(p, false, ascending, store));
            } else {
                throw ApiError.validation("body failed validation. Fix one:\n" + path + ".property should be defined, "
                        + "instead was `undefined`.\n" + path + ".timestamp should be defined, instead was "
                        + "`undefined`.");
            }
        }
        return List.copyOf(sorts);
    }

    static Filter parseFilter(JsonNode node, DataSource ds, Store store) {
        return QueryFilters.parse(node, ds, store);
    }
}
