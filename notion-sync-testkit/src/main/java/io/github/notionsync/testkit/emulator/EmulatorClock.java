package io.github.notionsync.testkit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock. By default it stands still until a test moves it; built with
 * {@link NotionEmulator.Builder#realTimeClock()} (as the standalone emulator is) it moves with real
 * time from its start, and {@link #advance} and {@link #set} shift it. Page, block, database and
 * data source timestamps come from it; responses round them down to the minute, as Notion does.
 */
public final class EmulatorClock {

    /** A clock that stands still: the time. A real-time clock: its offset from the system clock. */
    private final AtomicLong millis;
    private final java.time.Clock source;

    EmulatorClock(Instant start) {
        this(start, null);
    }

    /** A clock at {@code start} that moves with {@code source} (null: stands still). */
    EmulatorClock(Instant start, java.time.Clock source) {
        this.source = source;
        this.millis = new AtomicLong(start.toEpochMilli() - (source == null ? 0 : source.millis()));
    }

    /** The current emulated time. */
    public Instant now() {
        return Instant.ofEpochMilli(millis());
    }

    /** Whether this clock moves with real time (else it stands still until moved). */
    public boolean realTime() {
        return source != null;
    }

    private long millis() {
        return source == null ? millis.get() : source.millis() + millis.get();
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
        millis.set(instant.toEpochMilli() - (source == null ? 0 : source.millis()));
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
        return (int) Math.floorDiv(millis(), 60_000L);
    }
}
