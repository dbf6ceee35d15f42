package com.shoppulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

class CalendarWindowsTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void minuteWindowsAlignToTheMinute() {
        CalendarWindows minutes = new CalendarWindows(Duration.ofMinutes(1), ZoneId.of("UTC"));

        assertThat(minutes.windowFor(at("2026-11-23T10:15:30.123Z")))
                .isEqualTo(new TimeWindow(at("2026-11-23T10:15:00Z"), at("2026-11-23T10:16:00Z")));
        assertThat(minutes.windowFor(at("2026-11-23T10:16:00Z")).getStart())
                .isEqualTo(at("2026-11-23T10:16:00Z"));
        assertThat(minutes.sizeSeconds()).isEqualTo(60);
    }

    @Test
    void dailyWindowsFollowTheZonesMidnight() {
        CalendarWindows moscow =
                new CalendarWindows(Duration.ofDays(1), ZoneId.of("Europe/Moscow"));

        assertThat(moscow.windowFor(at("2026-11-23T22:30:00Z")))
                .isEqualTo(new TimeWindow(at("2026-11-23T21:00:00Z"), at("2026-11-24T21:00:00Z")));
    }

    @Test
    void aDaylightSavingDayLasts23Hours() {
        CalendarWindows berlin =
                new CalendarWindows(Duration.ofDays(1), ZoneId.of("Europe/Berlin"));

        TimeWindow day = berlin.windowFor(at("2026-03-29T12:00:00Z"));

        assertThat(day.getStart()).isEqualTo(at("2026-03-28T23:00:00Z"));
        assertThat(day.getEnd() - day.getStart()).isEqualTo(Duration.ofHours(23).toMillis());
    }

    @Test
    void hourlyWindowsFollowAHalfHourZone() {
        CalendarWindows kolkata =
                new CalendarWindows(Duration.ofHours(1), ZoneId.of("Asia/Kolkata"));

        assertThat(kolkata.windowFor(at("2026-11-23T10:45:00Z")).getStart())
                .isEqualTo(at("2026-11-23T10:30:00Z"));
    }

    @Test
    void rejectsSizesThatDoNotDivideADay() {
        assertThatThrownBy(() -> new CalendarWindows(Duration.ofMinutes(7), ZoneId.of("UTC")))
                .hasMessageContaining("divide a day");
        assertThatThrownBy(() -> new CalendarWindows(Duration.ofDays(2), ZoneId.of("UTC")))
                .hasMessageContaining("one day");
    }
}
