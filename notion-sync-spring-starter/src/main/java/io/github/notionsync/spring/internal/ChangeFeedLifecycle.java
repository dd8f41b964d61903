package io.github.notionsync.spring.internal;

import io.github.notionsync.jooq.ChangeFeed;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ChangeFeed} with the application and, on shutdown, ends the open event
 * streams and stops the feed before anything else (the web server's graceful shutdown would
 * otherwise wait for the streams, which never end by themselves).
 */
public final class ChangeFeedLifecycle implements SmartLifecycle {

    private final ChangeFeed feed;
    private final ObjectProvider<ChangeStreams> streams;
    private volatile boolean running;

    public ChangeFeedLifecycle(ChangeFeed feed, ObjectProvider<ChangeStreams> streams) {
        this.feed = feed;
        this.streams = streams;
    }

    @Override
    public void start() {
        feed.start();
        running = true;
    }

    @Override
    public void stop() {
        streams.ifAvailable(ChangeStreams::endAll);
        feed.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
