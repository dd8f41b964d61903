package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.jooq.ChangeFeed;
import java.io.IOException;
import java.time.Duration;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent Events streams of this instance, fed by the {@link ChangeFeed} (so with
 * the changes of every instance, as PostgreSQL announces them after commit). Each stream has its
 * own bounded queue and sending thread: the feed only offers to queues and never waits for a
 * client. A client that falls a queue behind, or whose connection fails, is dropped; it resumes
 * from the change log with {@code Last-Event-ID}.
 */
public final class ChangeStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreams.class);
    private static final int PAGE = 500;

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
            for (Stream s : streams) {
                s.offer(change);
            }
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
        final BlockingQueue<ChangeFeed.Change> queue = new ArrayBlockingQueue<>(queueSize);
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean overflowed;

        Stream(String user, SseEmitter emitter, Long lastEventId) {
            this.user = user;
            this.emitter = emitter;
            this.lastEventId = lastEventId;
        }

        void offer(ChangeFeed.Change change) {
            if (!closed.get() && !queue.offer(change)) {
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
                        for (ChangeFeed.Change c : page) {
                            send(c);
                            replayed.add(c.id());
                            after = c.id();
                        }
                        if (page.size() < PAGE) {
                            break;
                        }
                    }
                }
                long heartbeatMillis = Math.max(1, heartbeat.toMillis());
                while (!closed.get()) {
                    if (overflowed) {
                        log.debug("Dropped a slow change stream of user {}", user);
                        break;
                    }
                    ChangeFeed.Change c = queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                    if (c == null) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else if (!replayed.contains(c.id()) && (lastEventId == null || c.id() > lastEventId)) {
                        send(c);
                    }
                }
                emitter.complete();
            } catch (IOException | RuntimeException e) {
                // The client went away (or the log could not be read): end the stream.
                emitter.completeWithError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } finally {
                close();
            }
        }

        private void send(ChangeFeed.Change c) throws IOException {
            ObjectNode data = c.json().deepCopy();
            data.remove("schema");
            emitter.send(SseEmitter.event().id(Long.toString(c.id())).data(data.toString()));
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
