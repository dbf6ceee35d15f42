package com.shoppulse.alerts.telegram;

import static com.shoppulse.alerts.telegram.TestAlerts.DAY_END;
import static com.shoppulse.alerts.telegram.TestAlerts.DAY_START;
import static com.shoppulse.alerts.telegram.TestAlerts.MOSCOW;
import static com.shoppulse.alerts.telegram.TestAlerts.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WindowTextTest {
    private final WindowText moscow = new WindowText(MOSCOW);

    @Test
    void aDayIsTheZonesCalendarDay() {
        assertThat(moscow.label(86_400, DAY_START, DAY_END))
                .isEqualTo("the day 2026-11-23 (Europe/Moscow)");
    }

    @Test
    void anHourShowsItsWallClockTimes() {
        assertThat(moscow.label(3_600, at("2026-11-23T07:00:00Z"), at("2026-11-23T08:00:00Z")))
                .isEqualTo("the hour 2026-11-23 10:00–11:00 (Europe/Moscow)");
    }

    @Test
    void anyOtherWindowShowsItsRange() {
        assertThat(moscow.label(300, at("2026-11-23T07:00:00Z"), at("2026-11-23T07:05:00Z")))
                .isEqualTo("the window 2026-11-23 10:00–10:05 (Europe/Moscow)");
    }

    @Test
    void aRangeOverMidnightShowsBothDates() {
        assertThat(moscow.range(DAY_START, DAY_END))
                .isEqualTo("2026-11-23 00:00 – 2026-11-24 00:00");
    }

    @Test
    void aWindowWhoseEndIsNotKnownShowsItsStart() {
        assertThat(moscow.label(0, DAY_START, DAY_START))
                .isEqualTo("the window 2026-11-23 00:00 (Europe/Moscow)");
    }

    @Test
    void theSameInstantsReadDifferentlyInAnotherZone() {
        assertThat(new WindowText(ZoneOffset.UTC).label(86_400, DAY_START, DAY_END))
                .isEqualTo("the day 2026-11-22 (Z)");
    }
}
