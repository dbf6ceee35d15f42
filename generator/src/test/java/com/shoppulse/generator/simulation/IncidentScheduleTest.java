package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.generator.simulation.Incident.CheckoutOutage;
import com.shoppulse.generator.simulation.Incident.ConversionDrop;
import com.shoppulse.generator.simulation.Incident.TrafficDrop;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentScheduleTest {

    private static final String EXAMPLE =
            "traffic_drop@02:00-04:00:0.3,conversion_drop@06:00-08:00:0.2,"
                    + "checkout_outage@10:00-12:00:Moscow";

    @Test
    void readsEveryKind() {
        IncidentSchedule schedule = IncidentSchedule.parse(EXAMPLE);

        assertThat(schedule.incidents())
                .containsExactly(
                        new TrafficDrop(new DailyWindow(120, 240), 0.3),
                        new ConversionDrop(new DailyWindow(360, 480), 0.2),
                        new CheckoutOutage(new DailyWindow(600, 720), "Moscow"));
        assertThat(schedule).hasToString(EXAMPLE);
    }

    @Test
    void appliesEachIncidentInItsWindowEveryDay() {
        IncidentSchedule schedule = IncidentSchedule.parse(EXAMPLE);

        for (String day : new String[] {"2026-11-23", "2026-12-31"}) {
            assertThat(schedule.trafficFactor(at(day, "03:00"))).isEqualTo(0.3);
            assertThat(schedule.trafficFactor(at(day, "04:00"))).isEqualTo(1);
            assertThat(schedule.conversionFactor(at(day, "07:59"))).isEqualTo(0.2);
            assertThat(schedule.conversionFactor(at(day, "03:00"))).isEqualTo(1);
            assertThat(schedule.checkoutDown(at(day, "11:00"), "Moscow")).isTrue();
            assertThat(schedule.checkoutDown(at(day, "11:00"), "Kazan")).isFalse();
            assertThat(schedule.checkoutDown(at(day, "12:00"), "Moscow")).isFalse();
        }
    }

    @Test
    void anOutageWithoutACityStopsEveryCity() {
        IncidentSchedule schedule = IncidentSchedule.parse("checkout_outage@10:00-12:00");

        assertThat(schedule.checkoutDown(at("2026-11-23", "10:30"), "Kazan")).isTrue();
        assertThat(schedule.checkoutDown(at("2026-11-23", "10:30"), "Saint Petersburg")).isTrue();
    }

    @Test
    void overlappingDropsCompound() {
        IncidentSchedule schedule =
                IncidentSchedule.parse(
                        "traffic_drop@10:00-12:00:0.5, traffic_drop@11:00-13:00:0.5");

        assertThat(schedule.trafficFactor(at("2026-11-23", "11:30"))).isEqualTo(0.25);
    }

    @Test
    void theDefaultIsOneIncidentADay() {
        assertThat(IncidentSchedule.parse(IncidentSchedule.DEFAULT).incidents()).hasSize(1);
    }

    @Test
    void noneIsACalmShop() {
        assertThat(IncidentSchedule.parse("none")).isEqualTo(IncidentSchedule.NONE);
        assertThat(IncidentSchedule.parse("")).isEqualTo(IncidentSchedule.NONE);
        assertThat(IncidentSchedule.NONE).hasToString("none");
    }

    @Test
    void explainsWhatIsWrong() {
        assertRejected("traffic_drop", "does not read as KIND@HH:MM-HH:MM[:ARGUMENT]");
        assertRejected("flood@02:00-04:00:0.3", "unknown kind flood");
        assertRejected("traffic_drop@02:00-04:00", "a factor between 0 and 1");
        assertRejected("traffic_drop@02:00-04:00:1.5", "a factor between 0 and 1");
        assertRejected("conversion_drop@02:00-04:00:much", "a factor between 0 and 1");
        assertRejected("traffic_drop@04:00-02:00:0.3", "split one across midnight");
        assertRejected("traffic_drop@02:00-24:30:0.3", "up to 24:00");
        assertRejected("traffic_drop@02:60-04:00:0.3", "minutes run from 00 to 59");
        assertRejected(
                "checkout_outage@10:00-12:00:Paris", "unknown city Paris; cities are Moscow");
    }

    private static void assertRejected(String spec, String why) {
        assertThatThrownBy(() -> IncidentSchedule.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    private static long at(String day, String time) {
        return Instant.parse(day + "T" + time + ":00Z").getEpochSecond();
    }
}
