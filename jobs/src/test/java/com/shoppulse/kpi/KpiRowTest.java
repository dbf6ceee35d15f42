package com.shoppulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class KpiRowTest {
    @Test
    void derivedKpisAreExactOrRoundedHalfUpToTheKopeck() {
        KpiRow row =
                new KpiRow()
                        .set(Kpi.VIEWS, 300)
                        .set(Kpi.ORDERS, 3)
                        .set(Kpi.ITEMS_SOLD, 4)
                        .set(Kpi.ACTIVE_USERS, 7)
                        .set(Kpi.BUYERS, 2)
                        .set(Kpi.REVENUE, 100_00);

        assertThat(Kpi.REVENUE.value(row)).isEqualTo(new BigDecimal("100.00"));
        assertThat(Kpi.ORDERS.value(row)).isEqualTo(3L);
        assertThat(Kpi.CONVERSION_RATE.value(row)).isEqualTo(0.01);
        assertThat(Kpi.ITEMS_PER_ORDER.value(row)).isEqualTo(4.0 / 3);
        assertThat(Kpi.AVG_ORDER_VALUE.value(row)).isEqualTo(new BigDecimal("33.33"));
        assertThat(Kpi.ARPU.value(row)).isEqualTo(new BigDecimal("14.29"));
        assertThat(Kpi.ARPPU.value(row)).isEqualTo(new BigDecimal("50.00"));
        assertThat(Kpi.BUYER_CONVERSION.value(row)).isEqualTo(2.0 / 7);
        assertThat(Kpi.AVG_ORDER_VALUE.of(row)).isEqualTo(33.33);
    }

    @Test
    void ratiosOverZeroAreZero() {
        KpiRow empty = new KpiRow();

        assertThat(Kpi.CONVERSION_RATE.value(empty)).isEqualTo(0.0);
        assertThat(Kpi.BUYER_CONVERSION.value(empty)).isEqualTo(0.0);
        assertThat(Kpi.ITEMS_PER_ORDER.value(empty)).isEqualTo(0.0);
        assertThat(Kpi.AVG_ORDER_VALUE.value(empty)).isEqualTo(new BigDecimal("0.00"));
        assertThat(Kpi.ARPU.value(empty)).isEqualTo(new BigDecimal("0.00"));
        assertThat(Kpi.ARPPU.value(empty)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void theMeasuredKpisKeepTheOrderOfTheirSlotsInStateAndOnTheTopic() {
        // Window state and the KPI topic store measured KPIs by slot: a new one goes last.
        assertThat(Kpi.measured())
                .containsExactly(
                        Kpi.ACTIVE_USERS,
                        Kpi.VIEWS,
                        Kpi.ADD_TO_CARTS,
                        Kpi.ORDERS,
                        Kpi.BUYERS,
                        Kpi.REVENUE,
                        Kpi.ITEMS_SOLD);
        assertThat(Kpi.CONVERSION_RATE.slot()).isEqualTo(-1);
    }
}
