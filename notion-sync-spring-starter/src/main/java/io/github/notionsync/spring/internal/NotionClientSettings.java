package io.github.notionsync.spring.internal;

import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.spring.NotionSyncConfigurationException;
import io.github.notionsync.spring.NotionSyncProperties;
import java.net.URI;
import java.util.function.Consumer;

/**
 * The client settings every connection shares (base URL, retries, rate limit), read and checked
 * once from {@code notion.sync.*}, whichever source the connections come from.
 */
public final class NotionClientSettings implements Consumer<HttpNotionClient.Builder> {

    private final URI baseUrl;
    private final RetryPolicy retry;
    private final RateLimit rateLimit;

    /**
     * Reads the settings.
     *
     * @throws NotionSyncConfigurationException naming the property at fault
     */
    public NotionClientSettings(NotionSyncProperties p) {
        try {
            HttpNotionClient.builder().baseUrl(p.getBaseUrl());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotionSyncConfigurationException("notion.sync.base-url: " + e.getMessage());
        }
        this.baseUrl = p.getBaseUrl();
        try {
            this.retry = new RetryPolicy(p.getRetry().getMaxAttempts(), p.getRetry().getBaseDelay(),
                    p.getRetry().getMaxDelay(), RetryPolicy.DEFAULT_MAX_ELAPSED);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotionSyncConfigurationException("notion.sync.retry: " + e.getMessage());
        }
        try {
            this.rateLimit = p.getRateLimit().isEnabled()
                    ? new RateLimit(p.getRateLimit().getPermitsPerSecond(), p.getRateLimit().getBurst()) : null;
        } catch (IllegalArgumentException e) {
            throw new NotionSyncConfigurationException("notion.sync.rate-limit: " + e.getMessage());
        }
    }

    /** The Notion-Version named by {@code property}, whose value is {@code header}. */
    public static NotionApiVersion apiVersion(String header, String property) {
        try {
            return NotionApiVersion.fromHeader(header);
        } catch (IllegalArgumentException e) {
            throw new NotionSyncConfigurationException(property + ": " + e.getMessage());
        }
    }

    @Override
    public void accept(HttpNotionClient.Builder b) {
        b.baseUrl(baseUrl).retryPolicy(retry);
        if (rateLimit != null) {
            b.rateLimit(rateLimit);
        } else {
            b.noRateLimit();
        }
    }
}
