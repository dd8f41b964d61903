package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.jooq.ChangeFeed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent Events streams of this instance, fed by the {@link ChangeFeed} (so with
 * the changes of every instance, as PostgreSQL announces them after commit). Each stream has its
 * own bounded queue and sending thread: the feed only offers to queues and never waits for a
 * client. A client that falls a queue behind, or whose connection fails, is dropped; it resumes
 * from the change log with {@code Last-Event-ID}. Each change is formatted once for all streams,
 * and a stream that wakes up for a change waits {@value #COALESCE_MILLIS} ms for the ones that
 * follow, then sends all that queued up in one write (one flush): during a busy sync a stream
 * thread wakes a few times a second instead of once a change, so many clients cost little.
 */
public final class ChangeStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreams.class);
    private static final int PAGE = 500;
    /** How long a stream collects changes after the first before it writes them. */
    static final long COALESCE_MILLIS = 50;

    private final ChangeFeed feed;
    private final Duration heartbeat;
    private final int maxStreams;
    private final int queueSize;
    private final Duration maxDuration;
    private final Map<String, Set<Stream>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AutoCloseable subscription;

    public ChangeStreams(ChangeFeed feed, Duration heartbeat, int maxStreams, int queueSize, Duration maxDuration) {
        this.feed = feed;
        this.heartbeat = heartbeat;
        this.maxStreams = maxStreams;
        this.queueSize = queueSize;
        this.maxDuration = maxDuration;
        this.subscription = feed.addListener(this::onChange);
    }

    /** Streams open now. */
    public int openStreams() {
        return open.get();
    }

    /**
     * Opens a stream of {@code user}'s changes, after {@code lastEventId} from the log first when
     * given; empty when the instance already serves its maximum of streams.
     */
    public java.util.Optional<SseEmitter> open(String user, Long lastEventId) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            return java.util.Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(maxDuration.toMillis());
        Stream stream = new Stream(user, emitter, lastEventId);
        // Listen before reading the log, so that nothing committed in between is missed.
        byUser.compute(user, (u, set) -> {
            Set<Stream> streams = set == null ? new CopyOnWriteArraySet<>() : set;
            streams.add(stream);
            return streams;
        });
        emitter.onCompletion(stream::close);
        emitter.onTimeout(() -> {
            stream.close();
            emitter.complete();
        });
        emitter.onError(e -> stream.close());
        Thread t = new Thread(stream::run, "notion-sync-events-" + user.hashCode());
        t.setDaemon(true);
        t.start();
        return java.util.Optional.of(emitter);
    }

    private void onChange(ChangeFeed.Change change) {
        Set<Stream> streams = byUser.get(change.userId());
        if (streams != null) {
            Event event = Event.of(change);
            for (Stream s : streams) {
                s.offer(event);
            }
        }
    }

    /** A change as one Server-Sent Event: {@code id:} its log id, one {@code data:} line of JSON. */
    private record Event(long id, String frame) {

        static Event of(ChangeFeed.Change c) {
            ObjectNode data = c.json().deepCopy();
            data.remove("schema");
            // Compact JSON has no line breaks (they are escaped in strings): one data line.
            return new Event(c.id(), "id:" + c.id() + "\ndata:" + data + "\n\n");
        }
    }

    /** Ends every open stream (clients reconnect, to this instance or another). */
    public void endAll() {
        byUser.values().forEach(set -> set.forEach(s -> {
            s.close();
            s.emitter.complete();
        }));
    }

    @Override
    public void close() throws Exception {
        subscription.close();
        endAll();
    }

    private final class Stream {
        final String user;
        final SseEmitter emitter;
        final Long lastEventId;
        final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(queueSize);
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean overflowed;

        Stream(String user, SseEmitter emitter, Long lastEventId) {
            this.user = user;
            this.emitter = emitter;
            this.lastEventId = lastEventId;
        }

        void offer(Event event) {
            if (!closed.get() && !queue.offer(event)) {
                overflowed = true; // the sending thread ends the stream
            }
        }

        void run() {
            try {
                Set<Long> replayed = new HashSet<>();
                if (lastEventId != null) {
                    long after = lastEventId;
                    while (!closed.get()) {
                        List<ChangeFeed.Change> page = feed.changesAfter(user, after, PAGE);
                        List<Event> events = new ArrayList<>(page.size());
                        for (ChangeFeed.Change c : page) {
                            events.add(Event.of(c));
                            replayed.add(c.id());
                            after = c.id();
                        }
                        send(events);
                        if (page.size() < PAGE) {
                            break;
                        }
                    }
                }
                long heartbeatMillis = Math.max(1, heartbeat.toMillis());
                List<Event> batch = new ArrayList<>();
                while (!closed.get()) {
                    if (overflowed) {
                        log.debug("Dropped a slow change stream of user {}", user);
                        break;
                    }
                    Event first = queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                        continue;
                    }
                    // The offers made while this thread sleeps wake nobody: the feed stays quick.
                    Thread.sleep(COALESCE_MILLIS);
                    batch.clear();
                    batch.add(first);
                    queue.drainTo(batch);
                    batch.removeIf(e -> replayed.contains(e.id()) || lastEventId != null && e.id() <= lastEventId);
                    send(batch);
                }
                emitter.complete();
            } catch (IOException | RuntimeException e) {
                // The client went away (or the log could not be read): end the stream.
                try {
                    emitter.completeWithError(e);
                } catch (IllegalStateException alreadyEnded) {
                    log.debug("Change stream of user {} had already ended", user);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } finally {
                close();
            }
        }

        /** The events in one write and flush. */
        private void send(List<Event> events) throws IOException {
            if (events.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder();
            events.forEach(e -> text.append(e.frame()));
            emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(text.toString(), MediaType.TEXT_PLAIN)));
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                byUser.computeIfPresent(user, (u, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
