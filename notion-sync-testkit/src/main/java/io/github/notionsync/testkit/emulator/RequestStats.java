package io.github.notionsync.testkit.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counters per endpoint and a bounded log of the latest requests. */
final class RequestStats {

    static final int LOG_CAPACITY = 10_000;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Deque<RecordedRequest> log = new ArrayDeque<>();

    void arrived(String method, String template) {
        counts.computeIfAbsent(key(method, template), k -> new LongAdder()).increment();
        total.increment();
    }

    void record(RecordedRequest request) {
        synchronized (log) {
            if (log.size() == LOG_CAPACITY) {
                log.removeFirst();
            }
            log.addLast(request);
        }
    }

    long count(String method, String template) {
        LongAdder a = counts.get(key(method, template));
        return a == null ? 0 : a.sum();
    }

    long total() {
        return total.sum();
    }

    List<RecordedRequest> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    void reset() {
        counts.clear();
        total.reset();
        synchronized (log) {
            log.clear();
        }
    }

    private static String key(String method, String template) {
        return method.toUpperCase(Locale.ROOT) + ' ' + template;
    }
}
