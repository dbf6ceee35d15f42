package com.shoppulse.clickhouse;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants as text for ClickHouse's {@code DateTime('UTC')} and {@code DateTime64(3, 'UTC')}
 * columns: the wall-clock time in UTC, which is what a UTC column stores.
 */
public final class ClickHouseTime {
    private ClickHouseTime() {}

    /** {@code yyyy-MM-dd HH:mm:ss}, for a {@code DateTime} column. */
    public static String seconds(long epochMillis) {
        return format(epochMillis, false);
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, for a {@code DateTime64(3)} column. */
    public static String millis(long epochMillis) {
        return format(epochMillis, true);
    }

    private static String format(long epochMillis, boolean withMillis) {
        LocalDateTime t =
                LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(23);
        pad(text, t.getYear(), 4).append('-');
        pad(text, t.getMonthValue(), 2).append('-');
        pad(text, t.getDayOfMonth(), 2).append(' ');
        pad(text, t.getHour(), 2).append(':');
        pad(text, t.getMinute(), 2).append(':');
        pad(text, t.getSecond(), 2);
        if (withMillis) {
            pad(text.append('.'), (int) Math.floorMod(epochMillis, 1000L), 3);
        }
        return text.toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int digits) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < digits; i++) {
            text.append('0');
        }
        return text.append(s);
    }
}
