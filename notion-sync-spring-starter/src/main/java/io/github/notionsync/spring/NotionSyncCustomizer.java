package io.github.notionsync.spring;

import io.github.notionsync.NotionSync;

/** Adjusts the engine's builder beyond what properties can say (listeners, a clock, an extractor). */
@FunctionalInterface
public interface NotionSyncCustomizer {

    /** Called with the builder before the engine is built. */
    void customize(NotionSync.Builder builder);
}
