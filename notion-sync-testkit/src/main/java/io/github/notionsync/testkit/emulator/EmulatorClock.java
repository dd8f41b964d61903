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

    int minute() {
        return (int) Math.floorDiv(millis.get(), 60_000L);
    }
}
