package com.shoppulse.kpi;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Where a tumbling window of a given size starts and ends for an instant, in a time zone.
 *
 * <p>A one-day window is a calendar day of the zone, so on a daylight-saving change it lasts 23 or
 * 25 hours; shorter windows must divide a day and align to the zone's clock (an hourly window in
 * UTC+05:30 starts at :30 UTC). Flink's own tumbling windows take only a fixed offset, which is
 * wrong for half the year in a zone with daylight saving.
 */
public final class CalendarWindows implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final long sizeMillis;
    private final ZoneId zone;

    public CalendarWindows(Duration size, ZoneId zone) {
        long millis = size.toMillis();
        if (millis <= 0 || (millis != DAY_MILLIS && DAY_MILLIS % millis != 0)) {
            throw new IllegalArgumentException(
                    "window size "
                            + size
                            + " must be one day or divide a day evenly (e.g. 1m, 5m, 1h, 1d)");
        }
        this.sizeMillis = millis;
        this.zone = zone;
    }

    public long sizeMillis() {
        return sizeMillis;
    }

    public long sizeSeconds() {
        return sizeMillis / 1000;
    }

    /** The window holding {@code timestampMillis}: start inclusive, end exclusive. */
    public TimeWindow windowFor(long timestampMillis) {
        Instant instant = Instant.ofEpochMilli(timestampMillis);
        if (sizeMillis == DAY_MILLIS) {
            LocalDate day = LocalDate.ofInstant(instant, zone);
            return new TimeWindow(
                    day.atStartOfDay(zone).toInstant().toEpochMilli(),
                    day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
        }
        ZoneOffset offset = zone.getRules().getOffset(instant);
        long local = timestampMillis + offset.getTotalSeconds() * 1000L;
        long start = timestampMillis - Math.floorMod(local, sizeMillis);
        return new TimeWindow(start, start + sizeMillis);
    }

    @Override
    public String toString() {
        return Duration.ofMillis(sizeMillis) + " in " + zone;
    }
}
