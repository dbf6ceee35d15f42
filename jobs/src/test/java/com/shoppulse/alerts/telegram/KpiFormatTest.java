package com.shoppulse.alerts.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KpiFormatTest {
    @ParameterizedTest
    @CsvSource({
        "revenue, 1234567.5, '1,234,567.50'",
        "avg_order_value, 2699.8, '2,699.80'",
        "arpu, 12.3, 12.30",
        "arppu, 0, 0.00",
        "conversion_rate, 0.0345, 3.45%",
        "buyer_conversion, 0.5, 50.00%",
        "orders, 1234, '1,234'",
        "active_users, 1250.4, '1,250'",
        "items_per_order, 1.8, 1.80",
        "some_new_kpi, 7.125, 7.13",
    })
    void formatsEachKpiInItsUnit(String kpi, double value, String expected) {
        assertThat(KpiFormat.value(kpi, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"30, 30", "2.5, 2.5", "0.125, 0.13", "-3, -3"})
    void writesAPlainNumberWithoutTrailingZeros(double value, String expected) {
        assertThat(KpiFormat.number(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2000, 1234.5, -38.3%", "100, 150, +50.0%", "-10, -5, +50.0%"})
    void givesTheChangeInPercent(double previous, double value, String expected) {
        assertThat(KpiFormat.change(previous, value)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "NaN, 10"})
    void hasNoPercentChangeFromNothing(double previous, double value) {
        assertThat(KpiFormat.change(previous, value)).isEmpty();
    }
}
