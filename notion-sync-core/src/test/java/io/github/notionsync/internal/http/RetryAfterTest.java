package io.github.notionsync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void readsDeltaSeconds() {
        assertThat(RetryAfter.parse("3", NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(" 0.5 ", NOW)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsHttpDates() {
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 10:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 09:59:00 GMT", NOW)).as("in the past").isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("NaN", NOW)).isNull();
    }
}
