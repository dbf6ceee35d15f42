package com.shoppulse.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportWeekTest {
    @Test
    void aWeekRunsFromMondayToMondayInItsZone() {
        ZoneId moscow = ZoneId.of("Europe/Moscow");
        ReportWeek week = ReportWeek.containing(LocalDate.parse("2026-11-29"), moscow);

        assertThat(week.monday()).isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(week.start()).isEqualTo(Instant.parse("2026-11-22T21:00:00Z"));
        assertThat(week.end()).isEqualTo(Instant.parse("2026-11-29T21:00:00Z"));
        assertThat(week.fileName()).isEqualTo("2026-11-23_to_2026-11-29.pdf");
        assertThat(week.previous().fileName()).isEqualTo("2026-11-16_to_2026-11-22.pdf");
        assertThat(week.next().monday()).isEqualTo(LocalDate.parse("2026-11-30"));
    }

    @Test
    void anInstantBelongsToTheWeekOfItsLocalDay() {
        Instant sundayNightUtc = Instant.parse("2026-11-29T22:30:00Z");

        assertThat(ReportWeek.containing(sundayNightUtc, ZoneOffset.UTC).monday())
                .isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(ReportWeek.containing(sundayNightUtc, ZoneId.of("Europe/Moscow")).monday())
                .isEqualTo(LocalDate.parse("2026-11-30"));
    }

    @Test
    void aWeekOnTheCommandLineIsAnyOfItsDays() {
        assertThat(ReportWeek.parse("2026-11-25", ZoneOffset.UTC).monday())
                .isEqualTo(LocalDate.parse("2026-11-23"));
        assertThatThrownBy(() -> ReportWeek.parse("last week", ZoneOffset.UTC))
                .hasMessageContaining("--week must be a day of the week wanted, as yyyy-MM-dd");
        assertThatThrownBy(() -> new ReportWeek(LocalDate.parse("2026-11-25"), ZoneOffset.UTC))
                .hasMessageContaining("WEDNESDAY");
    }
}
