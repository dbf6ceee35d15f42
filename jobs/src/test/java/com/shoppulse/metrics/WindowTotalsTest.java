package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.harness.OperatorMetrics;
import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import com.shoppulse.kpi.KpiRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowTotalsTest {
    private static final long T = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long LATENESS = Duration.ofMinutes(10).toMillis();
    private static final int MAX_PARALLELISM = 128;
    private static final DateTimeFormatter HOUR_MINUTE =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @Test
    void emitsAWindowsMergedTotalsWhenTheWatermarkPassesItsEnd() throws Exception {
        var harness = opened();
        harness.processElement(record(partial("Kazan", T, 1, 2)));
        harness.processElement(record(partial("Kazan", T, 2, 3)));
        harness.processWatermark(new Watermark(T + MINUTE - 2));
        assertThat(harness.extractOutputValues()).as("the window is still open").isEmpty();

        harness.processWatermark(new Watermark(T + MINUTE - 1));

        assertThat(rows(harness)).containsExactly("Kazan 10:00 users=2 views=5 version=5");
        assertThat(harness.getOutput())
                .filteredOn(StreamRecord.class::isInstance)
                .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
                .as("stamped with the window's last moment")
                .containsExactly(T + MINUTE - 1);
        harness.processWatermark(new Watermark(T + 5 * MINUTE));
        assertThat(harness.extractOutputValues()).as("emitted once").hasSize(1);
    }

    @Test
    void aPartialWithinTheAllowedLatenessEmitsTheUpdatedTotalsAtOnce() throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics(MAX_PARALLELISM);
                var harness =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new WindowTotals(LATENESS),
                                KpiPartial::key,
                                Types.STRING,
                                metrics.environment())) {
            harness.open();
            harness.processElement(record(partial("Kazan", T, 1, 1)));
            harness.processWatermark(new Watermark(T + MINUTE));
            harness.getOutput().clear();

            harness.processElement(record(partial("Kazan", T, 7, 2)));

            assertThat(rows(harness)).containsExactly("Kazan 10:00 users=2 views=3 version=3");
            assertThat(metrics.count("windowsEmitted"))
                    .as("the first firing and the update")
                    .isEqualTo(2);
        }
    }

    @Test
    void aPartialPastTheAllowedLatenessGoesToTheSideOutput() throws Exception {
        var harness = opened();
        harness.processElement(record(partial("Kazan", T, 1, 1)));
        harness.processWatermark(new Watermark(T + MINUTE - 1 + LATENESS));
        harness.getOutput().clear();

        harness.processElement(record(partial("Kazan", T, 2, 1)));
        harness.processElement(record(partial("Omsk", T, 3, 2)));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(WindowTotals.UNEXPECTED_LATE))
                .extracting(r -> r.getValue().value)
                .containsExactly("Kazan", "Omsk");
        try (OperatorMetrics metrics = new OperatorMetrics(1);
                var counter =
                        new OneInputStreamOperatorTestHarness<KpiPartial, KpiPartial>(
                                new StreamMap<>(new CountUnexpectedLate()),
                                metrics.environment())) {
            counter.open();
            for (StreamRecord<KpiPartial> late :
                    harness.getSideOutput(WindowTotals.UNEXPECTED_LATE)) {
                counter.processElement(late);
            }
            assertThat(metrics.count("contributionsDroppedLate")).isEqualTo(3);
        }
    }

    @Test
    void aCheckpointKeepsTheTotalsAndWhatIsStillToBeEmitted() throws Exception {
        var harness = opened();
        harness.processElement(record(partial("Kazan", T, 1, 1)));
        harness.processWatermark(new Watermark(T + MINUTE));
        harness.processElement(record(partial("Omsk", T + MINUTE, 2, 4)));
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);

        var restored = harness(1, 0);
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark(new Watermark(T + 2 * MINUTE));
        assertThat(rows(restored))
                .as("the emitted window is not emitted again")
                .containsExactly("Omsk 10:01 users=1 views=4 version=4");
        restored.getOutput().clear();
        restored.processElement(record(partial("Kazan", T, 3, 1)));
        assertThat(rows(restored)).containsExactly("Kazan 10:00 users=2 views=2 version=2");
    }

    @Test
    void afterRescalingEachWindowIsWithTheSubtaskItsKeyGoesTo() throws Exception {
        List<String> cities = List.of("Kazan", "Omsk", "Perm", "Tver", "Ufa", "Chita", "Sochi");
        var first = harness(2, 0);
        var second = harness(2, 1);
        first.open();
        second.open();
        int user = 0;
        for (String city : cities) {
            KpiPartial partial = partial(city, T, user++, 1);
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            partial.key(), MAX_PARALLELISM, 2);
            (subtask == 0 ? first : second).processElement(record(partial));
        }
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(
                        first.snapshot(1, 0), second.snapshot(1, 0));

        List<String> emitted = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            var rescaled = harness(3, subtask);
            rescaled.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            merged, MAX_PARALLELISM, 2, 3, subtask));
            rescaled.open();
            rescaled.processWatermark(new Watermark(T + MINUTE));
            for (KpiRow row : rescaled.extractOutputValues()) {
                assertThat(
                                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                        partial(row.dimensionValue, T, 0, 1).key(),
                                        MAX_PARALLELISM,
                                        3))
                        .as(row.dimensionValue)
                        .isEqualTo(subtask);
                emitted.add(row.dimensionValue);
            }
        }
        assertThat(emitted).containsExactlyInAnyOrderElementsOf(cities);
    }

    /**
     * On both state backends: the shipped one, RocksDB, keeps the old state in a store of its own.
     */
    @ParameterizedTest(name = "RocksDB: {0}")
    @ValueSource(booleans = {false, true})
    void readsTheWindowsOfTheWindowOperatorItReplaced(boolean rocksDb) throws Exception {
        var builder =
                new WindowOperatorBuilder<>(
                        TumblingEventTimeWindows.of(Duration.ofMinutes(1)),
                        EventTimeTrigger.create(),
                        new ExecutionConfig(),
                        TypeInformation.of(KpiPartial.class),
                        KpiPartial::key,
                        Types.STRING);
        builder.allowedLateness(Duration.ofMillis(LATENESS));
        OneInputStreamOperator<KpiPartial, KpiRow> windowOperator =
                builder.aggregate(
                        new KpiAggregate(),
                        new ProcessWindowFunction<KpiAccumulator, KpiRow, String, TimeWindow>() {
                            @Override
                            public void process(
                                    String key,
                                    Context context,
                                    Iterable<KpiAccumulator> totals,
                                    Collector<KpiRow> out) {}
                        },
                        TypeInformation.of(KpiAccumulator.class));
        var before =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        windowOperator, KpiPartial::key, Types.STRING, MAX_PARALLELISM, 1, 0);
        on(before, rocksDb).open();
        before.processElement(record(partial("Kazan", T, 1, 2)));
        before.processElement(record(partial("Kazan", T, 2, 1)));
        before.processElement(record(partial("Omsk", T + MINUTE, 3, 1)));
        OperatorSubtaskState savepoint = before.snapshot(1, 0);

        var after = on(harness(1, 0), rocksDb);
        after.initializeState(savepoint);
        after.open();
        after.processWatermark(new Watermark(T + 2 * MINUTE));

        assertThat(rows(after))
                .containsExactlyInAnyOrder(
                        "Kazan 10:00 users=2 views=3 version=3",
                        "Omsk 10:01 users=1 views=1 version=1");
        OperatorSubtaskState next = after.snapshot(2, 0);
        var again = on(harness(1, 0), rocksDb);
        again.initializeState(next);
        again.open();
        again.processWatermark(new Watermark(T + 2 * MINUTE));
        assertThat(again.extractOutputValues())
                .as("moved once: neither the old state nor a pending emission is left")
                .isEmpty();
    }

    private static <H extends AbstractStreamOperatorTestHarness<?>> H on(
            H harness, boolean rocksDb) {
        if (rocksDb) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, KpiPartial, KpiRow> opened()
            throws Exception {
        var harness = harness(1, 0);
        harness.open();
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, KpiPartial, KpiRow> harness(
            int parallelism, int subtask) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new WindowTotals(LATENESS),
                KpiPartial::key,
                Types.STRING,
                MAX_PARALLELISM,
                parallelism,
                subtask);
    }

    /** A minute window's partial for {@code city}: {@code views} views, all from {@code user}. */
    private static KpiPartial partial(String city, long start, int user, int views) {
        KpiAccumulator totals = new KpiAccumulator();
        Kpi.Contribution view = new Kpi.Contribution();
        view.event = new ShopEvent();
        view.event.type = EventType.VIEW;
        for (int i = 0; i < views; i++) {
            totals.add(user, view);
        }
        return new KpiPartial(60, Dimension.CITY, city, start, start + MINUTE, totals);
    }

    private static StreamRecord<KpiPartial> record(KpiPartial partial) {
        return new StreamRecord<>(partial, partial.windowEnd - 1);
    }

    private static List<String> rows(
            KeyedOneInputStreamOperatorTestHarness<String, KpiPartial, KpiRow> harness) {
        return harness.extractOutputValues().stream()
                .map(
                        row ->
                                String.format(
                                        "%s %s users=%d views=%d version=%d",
                                        row.dimensionValue,
                                        HOUR_MINUTE.format(
                                                Instant.ofEpochMilli(row.windowStartMillis)),
                                        row.get(Kpi.ACTIVE_USERS),
                                        row.get(Kpi.VIEWS),
                                        row.version))
                .toList();
    }
}
