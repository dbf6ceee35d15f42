package com.shoppulse.clickhouse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How instants are bound to ClickHouse's {@code DateTime('UTC')} and {@code DateTime64} columns.
 */
public final class ClickHouseTime {
    private ClickHouseTime() {}

    /** The wall-clock time in UTC, which is what a UTC column stores. */
    public static LocalDateTime utc(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
