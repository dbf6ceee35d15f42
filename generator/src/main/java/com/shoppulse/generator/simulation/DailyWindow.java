package com.shoppulse.generator.simulation;

import java.io.Serializable;

/** The same stretch of every simulated day, from {@code from} up to {@code to}, in UTC. */
public record DailyWindow(int fromMinute, int toMinute) implements Serializable {

    private static final int MINUTES_PER_DAY = 24 * 60;

    public DailyWindow {
        if (fromMinute < 0 || toMinute > MINUTES_PER_DAY || fromMinute >= toMinute) {
            throw new IllegalArgumentException(
                    "a window runs forward within one day, from 00:00 up to 24:00 (split one across"
                            + " midnight in two); got "
                            + clock(fromMinute)
                            + "-"
                            + clock(toMinute));
        }
    }

    public boolean contains(long epochSecond) {
        long minuteOfDay = Math.floorMod(epochSecond, 86_400L) / 60;
        return minuteOfDay >= fromMinute && minuteOfDay < toMinute;
    }

    @Override
    public String toString() {
        return clock(fromMinute) + "-" + clock(toMinute);
    }

    private static String clock(int minuteOfDay) {
        return String.format("%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }
}
