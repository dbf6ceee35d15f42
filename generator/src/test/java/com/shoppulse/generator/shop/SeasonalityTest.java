package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SeasonalityTest {

    private static final long MONDAY = Instant.parse("2026-11-23T00:00:00Z").getEpochSecond();

    @Test
    void theEveningIsBusierThanTheNight() {
        double evening = Seasonality.at(MONDAY + 20 * 3600);
        double night = Seasonality.at(MONDAY + 4 * 3600);

        assertThat(evening).isGreaterThan(1.4);
        assertThat(night).isLessThan(0.3);
    }

    @Test
    void theWeekendIsBusierThanMidweek() {
        double saturday = Seasonality.at(MONDAY + 5 * 86_400 + 12 * 3600);
        double tuesday = Seasonality.at(MONDAY + 86_400 + 12 * 3600);

        assertThat(saturday).isGreaterThan(tuesday);
    }

    @Test
    void averagesOneOverAWeek() {
        double mean =
                LongStream.range(0, 7 * 24 * 60)
                        .mapToDouble(minute -> Seasonality.at(MONDAY + minute * 60))
                        .average()
                        .orElseThrow();

        assertThat(mean).isCloseTo(1.0, within(0.001));
    }

    @Test
    void changesSmoothlyWithinADay() {
        for (long second = MONDAY + 60; second < MONDAY + 86_400; second += 60) {
            assertThat(Seasonality.at(second)).isCloseTo(Seasonality.at(second - 60), within(0.01));
        }
    }
}
