package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.ingest.CountedEvent;
import com.shoppulse.kpi.CalendarWindows;
import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PreAggregateTest {
    private static final long T = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    @Test
    void sendsEachWindowsPartialsOnBeforeTheWatermark() throws Exception {
        var harness = opened();
        harness.processElement(view(1, "Kazan", T), T);
        harness.processElement(view(2, "Kazan", T + 61_000), T);
        harness.processElement(view(1, "Omsk", T + 1_000), T);
        assertThat(harness.getOutput()).as("nothing before a watermark").isEmpty();

        harness.processWatermark(new Watermark(T));

        List<Object> out = List.copyOf(harness.getOutput());
        assertThat(out.get(out.size() - 1)).isEqualTo(new Watermark(T));
        List<KpiPartial> partials = harness.extractOutputValues();
        assertThat(describe(partials, 60, Dimension.OVERALL))
                .containsExactlyInAnyOrder("10:00 users1 v2", "10:01 users1 v1");
        assertThat(describe(partials, 3600, Dimension.OVERALL)).containsExactly("10:00 users2 v3");
        assertThat(describe(partials, 3600, Dimension.CITY))
                .containsExactlyInAnyOrder("10:00 Kazan users2 v2", "10:00 Omsk users1 v1");
        assertThat(partials)
                .allSatisfy(
                        p ->
                                assertThat(p.windowEnd - p.windowStart)
                                        .isEqualTo(p.windowSeconds * 1000));
    }

    @Test
    void eachPartialIsStampedWithItsWindowsLastMoment() throws Exception {
        var harness = opened();
        harness.processElement(view(1, "Kazan", T + 30_000), T);
        harness.processWatermark(new Watermark(T));

        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                KpiPartial partial = (KpiPartial) record.getValue();
                assertThat(record.getTimestamp()).isEqualTo(partial.windowEnd - 1);
            }
        }
    }

    @Test
    void keepsNothingAcrossACheckpoint() throws Exception {
        var harness = opened();
        harness.processElement(view(1, "Kazan", T), T);

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues()).isNotEmpty();
        harness.getOutput().clear();
        harness.processWatermark(new Watermark(T));
        assertThat(harness.extractOutputValues()).as("sent once only").isEmpty();
    }

    @Test
    void sendsOnWhenTheBufferIsFullThoughTheWatermarkStandsStill() throws Exception {
        var harness = opened();
        for (int i = 0; i < PreAggregate.MAX_BUFFERED_EVENTS; i++) {
            harness.processElement(view(i, "Kazan", T), T);
        }

        List<KpiPartial> partials = harness.extractOutputValues();

        assertThat(describe(partials, 3600, Dimension.OVERALL))
                .containsExactly(
                        "10:00 users"
                                + PreAggregate.MAX_BUFFERED_EVENTS
                                + " v"
                                + PreAggregate.MAX_BUFFERED_EVENTS);
    }

    @Test
    void partialsFromManyFlushesMergeIntoExactTotals() throws Exception {
        var harness = opened();
        for (int i = 0; i < 1_000; i++) {
            harness.processElement(view(i % 300, "Kazan", T + i * 1_000L), T);
            if (i % 7 == 0) {
                harness.processWatermark(new Watermark(T + i));
            }
        }
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        KpiAccumulator hour = new KpiAccumulator();
        for (KpiPartial p : harness.extractOutputValues()) {
            if (p.windowSeconds == 3600 && p.dimension == Dimension.OVERALL) {
                hour.merge(p.totals);
            }
        }
        assertThat(hour.total(Kpi.ACTIVE_USERS)).isEqualTo(300);
        assertThat(hour.total(Kpi.VIEWS)).isEqualTo(1_000);
    }

    /**
     * 45-minute windows do not nest in hours, and in Lord Howe Island's time zone (a 30-minute
     * daylight-saving shift, on 2026-10-04) hours do not all nest in days: totals are exact anyway.
     */
    @Test
    void windowsThatDoNotNestInTheLargerOnesAreExactToo() throws Exception {
        for (String zone : List.of("UTC", "Australia/Lord_Howe")) {
            List<CalendarWindows> windows =
                    Stream.of(Duration.ofMinutes(45), Duration.ofHours(1), Duration.ofDays(1))
                            .map(size -> new CalendarWindows(size, ZoneId.of(zone)))
                            .toList();
            var harness = opened(windows);
            Random random = new Random(3);
            long start = Instant.parse("2026-10-03T10:00:00Z").toEpochMilli();
            Map<String, Set<Integer>> expected = new TreeMap<>();
            for (int i = 0; i < 3_000; i++) {
                int user = random.nextInt(500);
                long time = start + random.nextInt(36 * 3600) * 1000L;
                harness.processElement(view(user, "Kazan", time), time);
                for (CalendarWindows size : windows) {
                    expected.computeIfAbsent(
                                    size.sizeSeconds() + "@" + size.windowFor(time).getStart(),
                                    k -> new TreeSet<>())
                            .add(user);
                }
                if (i % 100 == 0) {
                    harness.processWatermark(new Watermark(start + i));
                }
            }
            harness.processWatermark(new Watermark(Long.MAX_VALUE));

            Map<String, KpiAccumulator> merged = new TreeMap<>();
            for (KpiPartial p : harness.extractOutputValues()) {
                if (p.dimension == Dimension.OVERALL) {
                    merged.computeIfAbsent(
                                    p.windowSeconds + "@" + p.windowStart,
                                    k -> new KpiAccumulator())
                            .merge(p.totals);
                }
            }
            assertThat(merged.keySet()).as(zone).isEqualTo(expected.keySet());
            expected.forEach(
                    (window, users) ->
                            assertThat(merged.get(window).total(Kpi.ACTIVE_USERS))
                                    .as(zone + " " + window)
                                    .isEqualTo(users.size()));
        }
    }

    private static OneInputStreamOperatorTestHarness<CountedEvent, KpiPartial> opened()
            throws Exception {
        return opened(
                List.of(
                        new CalendarWindows(Duration.ofMinutes(1), ZoneOffset.UTC),
                        new CalendarWindows(Duration.ofHours(1), ZoneOffset.UTC)));
    }

    private static OneInputStreamOperatorTestHarness<CountedEvent, KpiPartial> opened(
            List<CalendarWindows> windows) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new PreAggregate(windows));
        harness.open();
        return harness;
    }

    private static CountedEvent view(int user, String city, long time) {
        ShopEvent e = new ShopEvent();
        e.type = EventType.VIEW;
        e.eventTimeMillis = time;
        e.userId = "u" + user;
        e.city = city;
        e.device = "mobile";
        e.channel = "ads";
        e.category = "phones";
        e.brand = "Acme";
        return new CountedEvent(e, user);
    }

    /** The partials of one size and dimension, merged per window and value. */
    private static List<String> describe(List<KpiPartial> partials, long size, Dimension dim) {
        return partials.stream()
                .filter(p -> p.windowSeconds == size && p.dimension == dim)
                .collect(
                        Collectors.groupingBy(
                                p ->
                                        Instant.ofEpochMilli(p.windowStart)
                                                        .toString()
                                                        .substring(11, 16)
                                                + (dim == Dimension.OVERALL ? "" : " " + p.value),
                                Collectors.reducing(
                                        new KpiAccumulator(),
                                        p -> p.totals,
                                        (a, b) -> {
                                            KpiAccumulator sum = new KpiAccumulator();
                                            sum.merge(a);
                                            sum.merge(b);
                                            return sum;
                                        })))
                .entrySet()
                .stream()
                .map(
                        e ->
                                e.getKey()
                                        + " users"
                                        + e.getValue().total(Kpi.ACTIVE_USERS)
                                        + " v"
                                        + e.getValue().total(Kpi.VIEWS))
                .toList();
    }
}
