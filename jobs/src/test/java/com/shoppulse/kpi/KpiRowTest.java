package com.shoppulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class KpiRowTest {
    @Test
    void ratiosAreExactOrRoundedHalfUpToTheKopeck() {
        KpiRow row = new KpiRow();
        row.views = 300;
        row.orders = 3;
        row.itemsSold = 4;
        row.activeUsers = 7;
        row.buyers = 2;
        row.revenueMinor = 100_00;

        assertThat(row.revenue()).isEqualByComparingTo("100.00");
        assertThat(row.conversionRate()).isEqualTo(0.01);
        assertThat(row.itemsPerOrder()).isEqualTo(4.0 / 3);
        assertThat(row.avgOrderValue()).isEqualTo(new BigDecimal("33.33"));
        assertThat(row.arpu()).isEqualTo(new BigDecimal("14.29"));
        assertThat(row.arppu()).isEqualTo(new BigDecimal("50.00"));
        assertThat(row.buyerConversion()).isEqualTo(2.0 / 7);
    }

    @Test
    void ratiosOverZeroAreZero() {
        KpiRow empty = new KpiRow();

        assertThat(empty.conversionRate()).isZero();
        assertThat(empty.buyerConversion()).isZero();
        assertThat(empty.itemsPerOrder()).isZero();
        assertThat(empty.avgOrderValue()).isEqualTo(new BigDecimal("0.00"));
        assertThat(empty.arpu()).isEqualTo(new BigDecimal("0.00"));
        assertThat(empty.arppu()).isEqualTo(new BigDecimal("0.00"));
    }
}
