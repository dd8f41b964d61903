package io.github.notionsync.testkit.notion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The emulator's clock: it stands still until a test moves it. Page and database timestamps
 * come from it, rounded down to the minute in responses, as Notion does.
 */
public final class EmulatorClock extends Clock {

    private volatile Instant now;

    EmulatorClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock forward. */
    public synchronized Instant advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward: " + d);
        }
        now = now.plus(d);
        return now;
    }

    /** Sets the clock. */
    public synchronized void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The emulator clock is UTC only");
    }
}
