package com.shoppulse.alerts.telegram;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A window's start and end as wall-clock time of the zone the shop's days are counted in, because
 * the analysts reading the alert think in that zone's days, not in UTC.
 */
final class WindowText {
    private static final long DAY_SECONDS = 86_400;
    private static final long HOUR_SECONDS = 3_600;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final ZoneId zone;

    WindowText(ZoneId zone) {
        this.zone = zone;
    }

    /** What a digest is about, e.g. {@code the day 2026-11-23 (Europe/Moscow)}. */
    String label(long windowSeconds, long startMillis, long endMillis) {
        String what;
        if (windowSeconds == DAY_SECONDS) {
            what = "the day " + DATE.format(at(startMillis));
        } else if (windowSeconds == HOUR_SECONDS) {
            what = "the hour " + range(startMillis, endMillis);
        } else {
            what = "the window " + range(startMillis, endMillis);
        }
        return what + " (" + zone.getId() + ")";
    }

    /**
     * {@code 2026-11-23 10:00–11:00}, or with both dates when the window crosses midnight; the
     * start alone where the end is not known (not after it).
     */
    String range(long startMillis, long endMillis) {
        ZonedDateTime start = at(startMillis);
        ZonedDateTime end = at(endMillis);
        String from = DATE.format(start) + " " + TIME.format(start);
        if (endMillis <= startMillis) {
            return from;
        }
        if (start.toLocalDate().equals(end.toLocalDate())) {
            return from + "–" + TIME.format(end);
        }
        return from + " – " + DATE.format(end) + " " + TIME.format(end);
    }

    private ZonedDateTime at(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone);
    }
}
