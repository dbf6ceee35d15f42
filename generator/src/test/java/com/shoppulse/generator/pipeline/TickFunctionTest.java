package com.shoppulse.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.Traffic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickFunctionTest {

    @Test
    void aTickHoldsTheRecordsOfItsSeconds() throws Exception {
        TickFunction ticks = new TickFunction(Traffic.defaults(), 900, StopPoint.NEVER);
        ticks.open(null);

        List<ShopRecord> sent = new ArrayList<>();
        for (long tick = 0; tick < 48; tick++) {
            sent.addAll(ticks.map(tick));
        }

        assertThat(sent).isEqualTo(Traffic.records(Traffic.defaults(), 0, 48 * 900));
    }

    @Test
    void resumesAtAnyTick() throws Exception {
        TickFunction ticks = new TickFunction(Traffic.defaults(), 900, StopPoint.NEVER);
        ticks.open(null);

        assertThat(ticks.map(60L))
                .isEqualTo(Traffic.records(Traffic.defaults(), 60 * 900, 61 * 900));
    }

    @Test
    void stopsAtTheStopPoint() throws Exception {
        TickFunction ticks = new TickFunction(Traffic.defaults(), 900, new StopPoint(1_000, 0));
        ticks.open(null);

        assertThat(ticks.map(1L)).isEqualTo(Traffic.records(Traffic.defaults(), 900, 1_000));
    }
}
