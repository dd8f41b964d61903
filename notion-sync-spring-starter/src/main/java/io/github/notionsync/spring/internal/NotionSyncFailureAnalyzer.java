package io.github.notionsync.spring.internal;

import io.github.notionsync.spring.NotionSyncConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by bad {@code notion.sync.*} configuration into Spring Boot's
 * "APPLICATION FAILED TO START" report: the property at fault and what to do, instead of the
 * stack trace of a bean that could not be built.
 */
public final class NotionSyncFailureAnalyzer extends AbstractFailureAnalyzer<NotionSyncConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NotionSyncConfigurationException cause) {
        return new FailureAnalysis("notion-sync is not configured correctly: " + cause.getMessage(),
                "Correct the notion.sync.* property named above (in application.properties or application.yml,"
                        + " or the environment) and start the application again.", cause);
    }
}
