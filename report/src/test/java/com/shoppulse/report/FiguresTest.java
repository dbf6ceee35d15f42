package com.shoppulse.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void changesAreRoundedHalfUpToOneDecimalAndNeverDivideByZero() {
        assertThat(Figures.change("110", "100")).isEqualTo("+10.0 %");
        assertThat(Figures.change("13627.30", "13805.09")).isEqualTo("-1.3 %");
        assertThat(Figures.change("1", "8")).isEqualTo("-87.5 %");
        assertThat(Figures.change("100.05", "100")).isEqualTo("+0.1 %");
        assertThat(Figures.change("5", "5")).isEqualTo("0.0 %");
        assertThat(Figures.change("5", "0")).isEqualTo("\u2014");
        assertThat(Figures.change(null, "5")).isEqualTo("\u2014");
    }

    @Test
    void anAlertScopeIsOverallOrDimensionEqualsValue() {
        assertThat(Figures.scope(Map.of("scope", "overall", "scope_value", "")))
                .isEqualTo("overall");
        assertThat(Figures.scope(Map.of("scope", "city", "scope_value", "Omsk")))
                .isEqualTo("city=Omsk");
    }

    @Test
    void zonesAndTextReachClickHouseInItsOwnSpelling() {
        assertThat(ClickHouseReader.zone(ZoneOffset.UTC)).isEqualTo("UTC");
        assertThat(ClickHouseReader.zone(ZoneId.of("UTC"))).isEqualTo("UTC");
        assertThat(ClickHouseReader.zone(ZoneId.of("Europe/Moscow"))).isEqualTo("Europe/Moscow");
        assertThat(ClickHouseReader.zone(ZoneOffset.ofHours(3))).isEqualTo("Etc/GMT-3");
        assertThat(ClickHouseReader.zone(ZoneOffset.ofHours(-5))).isEqualTo("Etc/GMT+5");
        assertThatThrownBy(() -> ClickHouseReader.zone(ZoneOffset.ofHoursMinutes(5, 30)))
                .hasMessageContaining("Asia/Kolkata");
        assertThat(ClickHouseReader.literal("O'Neil \\ x")).isEqualTo("'O\\'Neil \\\\ x'");
    }
}
