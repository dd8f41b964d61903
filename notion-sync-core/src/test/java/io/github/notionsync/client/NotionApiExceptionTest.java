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
