package io.github.notionsync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenRateLimiterTest {

    /** A clock that only moves when the limiter sleeps. */
    static final class FakeTicker implements TokenRateLimiter.Ticker {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            now += nanos;
        }
    }

    @Test
    void burstGoesAtOnceThenRequestsAreSpacedAtTheRate() throws Exception {
        FakeTicker ticker = new FakeTicker();
        TokenRateLimiter limiter = new TokenRateLimiter(3.0, 3, ticker);
        long start = ticker.now;
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        assertThat(ticker.now).as("burst of 3 needs no wait").isEqualTo(start);

        limiter.acquire();
        assertThat(ticker.now - start).isBetween(333_333_000L, 333_334_000L);
    }

    @Test
    void threeHundredRequestsTakeRequestsOverRate() throws Exception {
        FakeTicker ticker = new FakeTicker();
        TokenRateLimiter limiter = new TokenRateLimiter(3.0, 3, ticker);
        long start = ticker.now;
        for (int i = 0; i < 300; i++) {
            limiter.acquire();
        }
        double seconds = (ticker.now - start) / 1e9;
        // (300 - burst) / rate = 99 s: never faster than the average rate allows.
        assertThat(seconds).isBetween(98.9, 99.1);
    }

    @Test
    void quietPeriodRefillsOnlyUpToTheBurst() throws Exception {
        FakeTicker ticker = new FakeTicker();
        TokenRateLimiter limiter = new TokenRateLimiter(10.0, 2, ticker);
        ticker.now += TimeUnit.SECONDS.toNanos(60);
        long start = ticker.now;
        limiter.acquire();
        limiter.acquire();
        assertThat(ticker.now).isEqualTo(start);
        limiter.acquire();
        assertThat(ticker.now - start).isEqualTo(100_000_000L);
    }

    @Test
    void pauseHoldsBackEveryLaterRequest() throws Exception {
        FakeTicker ticker = new FakeTicker();
        TokenRateLimiter limiter = new TokenRateLimiter(100.0, 10, ticker);
        long start = ticker.now;
        limiter.pauseFor(TimeUnit.SECONDS.toNanos(2));
        limiter.acquire();
        assertThat(ticker.now - start).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void sharedLimiterIsOnePerTokenAndConfiguration() {
        TokenRateLimiter a = TokenRateLimiter.shared("ntn_one", 3.0, 3);
        assertThat(TokenRateLimiter.shared("ntn_one", 3.0, 3)).isSameAs(a);
        assertThat(TokenRateLimiter.shared("ntn_two", 3.0, 3)).isNotSameAs(a);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TokenRateLimiter(0, 1, new FakeTicker()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRateLimiter(1, 0, new FakeTicker()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
