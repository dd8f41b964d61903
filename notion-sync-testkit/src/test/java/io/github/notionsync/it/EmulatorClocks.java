package io.github.notionsync.it;

import io.github.notionsync.testkit.emulator.NotionEmulator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The emulator's clock as a {@link Clock}, so that the engine and Notion share one time. */
final class EmulatorClocks {

    private EmulatorClocks() {
    }

    static Clock of(NotionEmulator notion) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return notion.clock().now();
            }
        };
    }
}
