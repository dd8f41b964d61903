package io.github.notionsync.testkit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock: it stands still until a test moves it. Page, block, database and data
 * source timestamps come from it; responses round them down to the minute, as Notion does.
 */
public final class EmulatorClock {

    private final AtomicLong millis;

    EmulatorClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** The current emulated time. */
    public Instant now() {
        return Instant.ofEpochMilli(millis.get());
    }

    /** Moves the clock forward (a negative duration is refused). */
    public EmulatorClock advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward: " + duration);
        }
        millis.addAndGet(duration.toMillis());
        return this;
    }

    /** Sets the clock to any instant (backwards too, for tests of odd timestamps). */
    public EmulatorClock set(Instant instant) {
        millis.set(instant.toEpochMilli());
        return this;
    }

    /**
     * This clock as a {@link java.time.Clock} (UTC), e.g. for the engine, so that notion-sync and
     * the emulated Notion share one time.
     */
    public java.time.Clock asClock() {
        EmulatorClock self = this;
        return new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return java.time.Clock.fixed(self.now(), zone);
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }

    int minute() {
        return (int) Math.floorDiv(millis.get(), 60_000L);
    }
}
