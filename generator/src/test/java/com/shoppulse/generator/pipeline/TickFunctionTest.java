package com.shoppulse.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.SimulationSettings;
import com.shoppulse.generator.simulation.Traffic;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TickFunctionTest {
    private static final SimulationSettings DEFAULTS = Traffic.defaults();

    @Test
    void aTickHoldsTheRecordsOfItsSeconds() throws Exception {
        var ticks = harness(DEFAULTS, StopPoint.NEVER, null);
        for (long tick = 0; tick < 48; tick++) {
            ticks.processElement(tick, 0);
        }

        assertThat(ticks.extractOutputValues()).isEqualTo(Traffic.records(DEFAULTS, 0, 48 * 900));
    }

    @Test
    void resumesAtAnyTick() throws Exception {
        var ticks = harness(DEFAULTS, StopPoint.NEVER, null);
        ticks.processElement(60L, 0);

        assertThat(ticks.extractOutputValues())
                .isEqualTo(Traffic.records(DEFAULTS, 60 * 900, 61 * 900));
    }

    @Test
    void stopsAtTheStopPoint() throws Exception {
        var ticks = harness(DEFAULTS, new StopPoint(1_000, 0), null);
        ticks.processElement(1L, 0);

        assertThat(ticks.extractOutputValues()).isEqualTo(Traffic.records(DEFAULTS, 900, 1_000));
    }

    @Test
    void aRestoredRunKeepsTheStartItBeganWithWhateverTheConfiguredOne() throws Exception {
        var firstDay = harness(DEFAULTS, StopPoint.NEVER, null);
        firstDay.processElement(10L, 0);
        OperatorSubtaskState checkpoint = firstDay.snapshot(1, 0);
        firstDay.close();
        SimulationSettings submittedADayLater =
                DEFAULTS.startingAt(DEFAULTS.start().plus(Duration.ofDays(1)));

        var resumed = harness(submittedADayLater, StopPoint.NEVER, checkpoint);
        resumed.processElement(11L, 0);
        var fresh = harness(submittedADayLater, StopPoint.NEVER, null);
        fresh.processElement(11L, 0);

        assertThat(resumed.extractOutputValues())
                .as("the original timeline goes on")
                .isNotEmpty()
                .isEqualTo(Traffic.records(DEFAULTS, 11 * 900, 12 * 900));
        assertThat(fresh.extractOutputValues())
                .as("a run of its own starts where it is told")
                .isEqualTo(Traffic.records(submittedADayLater, 11 * 900, 12 * 900))
                .isNotEqualTo(resumed.extractOutputValues());
    }

    private static OneInputStreamOperatorTestHarness<Long, ShopRecord> harness(
            SimulationSettings settings, StopPoint stop, OperatorSubtaskState restored)
            throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(new TickFunction(settings, 900, stop)));
        if (restored == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }
}
