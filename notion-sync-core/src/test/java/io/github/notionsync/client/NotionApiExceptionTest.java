package io.github.notionsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotionApiExceptionTest {

    @Test
    void messageNamesTheRequestStatusCodeAndWhatToDo() {
        var e = new NotionObjectNotFoundException("POST", "/v1/data_sources/abc/query", 404, "object_not_found",
                "Could not find data_source with ID: abc.", "req-1");
        assertThat(e).hasMessage("Notion request POST /v1/data_sources/abc/query failed: 404 object_not_found"
                + " (the object does not exist or is not shared with the integration: share the database with"
                + " the integration): Could not find data_source with ID: abc. [request id req-1]");
        assertThat(e.isRetryable()).isFalse();

        var unauthorized = new NotionUnauthorizedException("GET", "/v1/users", 401, "unauthorized",
                "API token is invalid.", null);
        assertThat(unauthorized.getMessage()).contains("the token is wrong or revoked");

        assertThat(new NotionApiException("GET", "/v1/users", 502, null, null, null).isRetryable()).isTrue();
    }

    @Test
    void writeErrorsSayWhatToDo() {
        var create = new NotionRestrictedResourceException("POST", "/v1/pages", 403, "restricted_resource",
                "API token does not have access to this resource.", null);
        assertThat(create.neededCapability()).isEqualTo("insert content");
        assertThat(create.getMessage()).contains("enable \"insert content\"");
        assertThat(new NotionRestrictedResourceException("PATCH", "/v1/blocks/b/children", 403, null, null, null)
                .neededCapability()).isEqualTo("insert content");
        assertThat(new NotionRestrictedResourceException("PATCH", "/v1/pages/p", 403, null, null, null)
                .neededCapability()).isEqualTo("update content");
        assertThat(new NotionRestrictedResourceException("DELETE", "/v1/blocks/b", 403, null, null, null)
                .neededCapability()).isEqualTo("update content");
        assertThat(new NotionRestrictedResourceException("GET", "/v1/pages/p", 403, null, null, null)
                .neededCapability()).isEqualTo("read content");
        var conflict = new NotionConflictException("PATCH", "/v1/pages/p", 409, "conflict_error",
                "Conflict occurred while saving. Please try again.", null);
        assertThat(conflict.isRetryable()).isFalse();
        assertThat(conflict.getMessage()).contains("re-read and try again");

        var unknown = new NotionWriteOutcomeUnknownException("POST", "/v1/pages", 502,
                new NotionApiException("POST", "/v1/pages", 502, "bad_gateway", "Bad gateway.", null));
        assertThat(unknown).isInstanceOf(NotionTransportException.class);
        assertThat(unknown.status()).isEqualTo(502);
        assertThat(unknown.getMessage()).contains("may or may not have been applied").contains("HTTP 502");
    }

    @Test
    void onlyTheServerErrorsThatAreRetriedSaySo() {
        var notImplemented = new NotionApiException("GET", "/v1/users", 501, null, "Not implemented", null);
        assertThat(notImplemented.isRetryable()).isFalse();
        assertThat(notImplemented.getMessage()).contains("not retried").doesNotContain("retried without success");
        var unavailable = new NotionApiException("GET", "/v1/users", 503, "service_unavailable", null, null);
        assertThat(unavailable.isRetryable()).isTrue();
        assertThat(unavailable.getMessage()).contains("retried without success");
    }

    @Test
    void policiesRejectNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, RetryPolicy.DEFAULT_BASE_DELAY, RetryPolicy.DEFAULT_MAX_DELAY,
                RetryPolicy.DEFAULT_MAX_ELAPSED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(0, 1)).hasMessageContaining("permitsPerSecond");
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).hasMessageContaining("permitsPerSecond");
        assertThatThrownBy(() -> new PageQuery(PageQuery.Timestamp.CREATED_TIME, null, 101))
                .hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> NotionApiVersion.fromHeader("2021-05-13")).hasMessageContaining("2025-09-03");
        assertThat(NotionApiVersion.fromHeader("2022-06-28")).isEqualTo(NotionApiVersion.V2022_06_28);
    }

    @Test
    void builderNeverEchoesTheToken() {
        String secret = "ntn_secret value";
        assertThatThrownBy(() -> HttpNotionClient.builder().token(secret))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        HttpNotionClient.Builder builder = HttpNotionClient.builder().token("ntn_abcdef123456");
        assertThat(builder.toString()).doesNotContain("ntn_abcdef123456");
        try (HttpNotionClient client = builder.build()) {
            assertThat(client.toString()).doesNotContain("ntn_abcdef123456").contains("2025-09-03");
        }
        assertThatThrownBy(() -> HttpNotionClient.builder().build()).hasMessageContaining("token is required");
    }
}
