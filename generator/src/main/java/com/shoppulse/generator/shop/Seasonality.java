package com.shoppulse.generator.shop;

import java.time.DayOfWeek;
import java.util.Arrays;

/**
 * How busy the shop is at an instant, relative to its average (1.0 on average over a week).
 *
 * <p>The shop keeps UTC hours, like the rest of the pipeline, so that the evening peak, the night
 * lull and the incident schedule line up with the hours the dashboards show.
 */
public final class Seasonality {

    // Traffic by hour of day: a night lull around 04:00, a working-day plateau and an evening
    // peak around 20:00. Each value is the level at the middle of its hour.
    private static final double[] HOURLY =
            normalized(
                    0.55, 0.35, 0.22, 0.15, 0.13, 0.17, 0.30, 0.50, 0.72, 0.90, 1.02, 1.10, 1.15,
                    1.15, 1.12, 1.08, 1.08, 1.15, 1.30, 1.50, 1.62, 1.55, 1.25, 0.85);

    // Monday to Sunday: electronics sell a little better at the weekend.
    private static final double[] WEEKDAY = normalized(0.97, 0.96, 0.97, 0.99, 1.02, 1.06, 1.03);

    private static final int SECONDS_PER_DAY = 86_400;

    // 1970-01-01 was a Thursday, the fourth day of a week that starts on Monday.
    private static final long EPOCH_DAY_OF_WEEK = DayOfWeek.THURSDAY.ordinal();

    private Seasonality() {}

    public static double at(long epochSecond) {
        return hourly(Math.floorMod(epochSecond, SECONDS_PER_DAY)) * weekday(epochSecond);
    }

    // Linear between the middles of neighbouring hours, so that traffic has no steps on the hour.
    private static double hourly(long secondOfDay) {
        double hours = secondOfDay / 3600.0 - 0.5;
        int before = (int) Math.floor(hours);
        double towardsNext = hours - before;
        return HOURLY[Math.floorMod(before, 24)] * (1 - towardsNext)
                + HOURLY[Math.floorMod(before + 1, 24)] * towardsNext;
    }

    // Arithmetic rather than java.time: this runs for every simulated second.
    private static double weekday(long epochSecond) {
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        return WEEKDAY[(int) Math.floorMod(epochDay + EPOCH_DAY_OF_WEEK, 7)];
    }

    private static double[] normalized(double... levels) {
        double mean = Arrays.stream(levels).average().orElseThrow();
        return Arrays.stream(levels).map(level -> level / mean).toArray();
    }
}
