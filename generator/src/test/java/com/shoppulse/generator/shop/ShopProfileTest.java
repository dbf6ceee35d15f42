package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.IncidentSchedule;
import com.shoppulse.generator.simulation.Kpis;
import com.shoppulse.generator.simulation.SimulationSettings;
import com.shoppulse.generator.simulation.Traffic;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ShopProfileTest {

    @Test
    void aDefaultDayLooksLikeAMidSizeElectronicsShop() {
        Kpis day = Kpis.of(Traffic.events(Traffic.day(Traffic.defaults())));

        assertThat(day.users()).as("daily active users").isBetween(1_300L, 1_600L);
        assertThat(day.orders()).as("orders").isBetween(60L, 90L);
        assertThat(day.revenue())
                .as("revenue")
                .isBetween(new BigDecimal("3000000"), new BigDecimal("4000000"));
        assertThat(day.conversion()).as("orders per view").isCloseTo(0.01, within(0.002));
        assertThat(day.carts()).as("cart additions").isBetween(day.orders(), day.views() / 10);
    }

    @Test
    void theDefaultRateIsTheDefaultShopsAverage() {
        SimulationSettings calm = Traffic.with(42, IncidentSchedule.NONE, Faults.NONE);
        int week = 7 * Traffic.DAY;

        double perSimulatedSecond = Traffic.records(calm, 0, week).size() / (double) week;

        assertThat(ShopProfile.DEFAULT.eventsPerSecond(1))
                .isCloseTo(perSimulatedSecond, within(0.03 * perSimulatedSecond));
        assertThat(ShopProfile.DEFAULT.eventsPerSecond(1440)).isCloseTo(125, within(5.0));
    }

    @Test
    void scalingGrowsTrafficAndCustomersAlike() {
        ShopProfile doubled = ShopProfile.DEFAULT.scaledBy(2);

        assertThat(doubled.eventsPerSecond(1440))
                .isCloseTo(2 * ShopProfile.DEFAULT.eventsPerSecond(1440), within(1e-9));
        assertThat(doubled.users()).isEqualTo(2 * ShopProfile.DEFAULT.users());
        assertThat(doubled.checkoutRate()).isEqualTo(ShopProfile.DEFAULT.checkoutRate());
    }

    @Test
    void evenATinyShopHasAUser() {
        assertThat(ShopProfile.DEFAULT.scaledBy(1e-9).users()).isEqualTo(1);
    }
}
