package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ShopSimulatorTest {

    private static final int HOUR = 3600;

    @Test
    void theSameSeedMakesTheSameRecords() {
        SimulationSettings settings = Traffic.with(7, IncidentSchedule.NONE, Faults.NONE);

        List<ShopRecord> once = Traffic.records(settings, 0, 6 * HOUR);

        assertThat(once).hasSizeGreaterThan(100);
        assertThat(Traffic.records(settings, 0, 6 * HOUR)).isEqualTo(once);
    }

    @Test
    void anotherSeedMakesOtherRecords() {
        List<ShopRecord> seven =
                Traffic.records(Traffic.with(7, IncidentSchedule.NONE, Faults.NONE), 0, 6 * HOUR);
        List<ShopRecord> eight =
                Traffic.records(Traffic.with(8, IncidentSchedule.NONE, Faults.NONE), 0, 6 * HOUR);

        assertThat(eight).doesNotContainAnyElementsOf(seven);
    }

    @Test
    void resumingAtAnySecondSendsWhatAnUninterruptedRunWould() {
        SimulationSettings settings = Traffic.with(7, IncidentSchedule.NONE, Faults.NONE);
        List<ShopRecord> uninterrupted = Traffic.records(settings, 0, 14 * HOUR);

        List<ShopRecord> resumed = Traffic.records(settings, 0, 13 * HOUR);
        resumed.addAll(Traffic.records(settings, 13 * HOUR, 14 * HOUR));

        assertThat(resumed).isEqualTo(uninterrupted);
    }

    @Test
    void sendsEventsAsTheyHappen() {
        List<Instant> times =
                Traffic.events(Traffic.day(Traffic.defaults())).stream()
                        .map(ShopSimulatorTest::time)
                        .toList();

        assertThat(times).isSorted();
        assertThat(times.get(0)).isAfterOrEqualTo(Traffic.MONDAY);
    }

    @Test
    void theShopIsBusierAtEightInTheEveningThanAtFourInTheMorning() {
        Map<Integer, Long> eventsByHour =
                Traffic.events(Traffic.day(Traffic.defaults())).stream()
                        .collect(
                                Collectors.groupingBy(
                                        ShopSimulatorTest::hour, Collectors.counting()));

        assertThat(eventsByHour.get(20)).isGreaterThan(4 * eventsByHour.get(4));
    }

    @Test
    void aTrafficDropCutsViewsInItsWindowOnly() {
        assertChangedOnlyWithin(
                "traffic_drop@10:00-12:00:0.3",
                10,
                12,
                e -> e.get("event_type").asText().equals("view"),
                0.3);
    }

    @Test
    void aConversionDropCutsOrdersInItsWindowOnly() {
        assertChangedOnlyWithin(
                "conversion_drop@06:00-22:00:0.2",
                6,
                22,
                e -> e.get("event_type").asText().equals("order"),
                0.2);
    }

    @Test
    void aCheckoutOutageStopsTheCitysOrdersInItsWindowOnly() {
        assertChangedOnlyWithin(
                "checkout_outage@06:00-22:00:Moscow",
                6,
                22,
                e ->
                        e.get("event_type").asText().equals("order")
                                && e.get("city").asText().equals("Moscow"),
                0);
    }

    @Test
    void opensAtSecondZero() {
        assertThatThrownBy(() -> new ShopSimulator(Traffic.defaults()).recordsAt(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Compares a day with the incident to a calm day: the KPI falls to about {@code factor} of
     * normal within the window, and every record outside it is the same. Sessions that start in a
     * traffic drop's window end up to an hour after it, so that hour is left out.
     */
    private static void assertChangedOnlyWithin(
            String incident, int fromHour, int toHour, Predicate<JsonNode> kpi, double factor) {
        List<ShopRecord> calm = Traffic.day(Traffic.with(42, IncidentSchedule.NONE, Faults.NONE));
        List<ShopRecord> troubled =
                Traffic.day(Traffic.with(42, IncidentSchedule.parse(incident), Faults.NONE));
        Predicate<ShopRecord> within =
                r -> hour(Traffic.parse(r)) >= fromHour && hour(Traffic.parse(r)) < toHour;
        Predicate<ShopRecord> wellOutside =
                r -> hour(Traffic.parse(r)) < fromHour || hour(Traffic.parse(r)) > toHour;

        long normal = count(calm, within, kpi);
        long during = count(troubled, within, kpi);
        assertThat(normal).isGreaterThanOrEqualTo(15);
        assertThat(during)
                .isBetween(Math.round(normal * factor * 0.5), Math.round(normal * factor * 1.5));
        assertThat(troubled.stream().filter(wellOutside).toList())
                .isEqualTo(calm.stream().filter(wellOutside).toList());
    }

    private static long count(
            List<ShopRecord> records, Predicate<ShopRecord> when, Predicate<JsonNode> kpi) {
        return records.stream().filter(when).map(Traffic::parse).filter(kpi).count();
    }

    private static Instant time(JsonNode event) {
        return Instant.parse(event.get("event_time").asText());
    }

    private static int hour(JsonNode event) {
        return time(event).atOffset(ZoneOffset.UTC).getHour();
    }
}
