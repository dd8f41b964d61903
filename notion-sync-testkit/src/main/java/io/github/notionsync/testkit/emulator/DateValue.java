package io.github.notionsync.testkit.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The value of a date property, as Notion renders it: {@code start}, an optional {@code end}, and
 * an optional IANA {@code time_zone}. Start and end are {@code YYYY-MM-DD} or ISO date-times with an
 * offset.
 *
 * @param start the start date or date-time
 * @param end the end, or null
 * @param timeZone the time zone name, or null
 */
public record DateValue(String start, String end, String timeZone) {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    public DateValue {
        Objects.requireNonNull(start, "start");
    }

    /** A single day. */
    public static DateValue of(LocalDate date) {
        return new DateValue(date.toString(), null, null);
    }

    /** A range of days. */
    public static DateValue of(LocalDate start, LocalDate end) {
        return new DateValue(start.toString(), end.toString(), null);
    }

    /** A point in time, rendered in UTC ({@code 2026-07-04T09:08:00.000+00:00}). */
    public static DateValue of(Instant instant) {
        return new DateValue(DATE_TIME.format(instant.atOffset(java.time.ZoneOffset.UTC)), null, null);
    }

    /** A point in time with its offset. */
    public static DateValue of(OffsetDateTime dateTime) {
        return new DateValue(DATE_TIME.format(dateTime), null, null);
    }
}
