package com.shoppulse.metrics;

import com.shoppulse.kpi.Dimension;

/**
 * The totals of part of one window's events for one (dimension, value), from one subtask of {@link
 * PreAggregate}; {@link WindowTotals} merges them into the window's totals.
 */
public class KpiPartial {
    private static final char KEY_SEPARATOR = '\u001f';

    public long windowSeconds;
    public Dimension dimension;
    public String value;
    public long windowStart;
    public long windowEnd;
    public KpiAccumulator totals;

    public KpiPartial() {}

    KpiPartial(
            long windowSeconds,
            Dimension dimension,
            String value,
            long windowStart,
            long windowEnd,
            KpiAccumulator totals) {
        this.windowSeconds = windowSeconds;
        this.dimension = dimension;
        this.value = value;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.totals = totals;
    }

    /**
     * The key windows are merged per: window size, dimension and value. A string because keys are
     * hashed to subtasks, and an enum's hash code differs from one JVM to the next; the separator
     * cannot occur in a parsed value.
     */
    public String key() {
        return Long.toString(windowSeconds)
                + KEY_SEPARATOR
                + dimension.name()
                + KEY_SEPARATOR
                + value;
    }

    static long windowSecondsOfKey(String key) {
        return Long.parseLong(key.substring(0, key.indexOf(KEY_SEPARATOR)));
    }

    static Dimension dimensionOfKey(String key) {
        int first = key.indexOf(KEY_SEPARATOR);
        return Dimension.valueOf(key.substring(first + 1, key.indexOf(KEY_SEPARATOR, first + 1)));
    }

    static String valueOfKey(String key) {
        return key.substring(key.indexOf(KEY_SEPARATOR, key.indexOf(KEY_SEPARATOR) + 1) + 1);
    }
}
