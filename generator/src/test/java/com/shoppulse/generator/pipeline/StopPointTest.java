package com.shoppulse.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.Traffic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopPointTest {

    @Test
    void endsRightAtTheLastRecord() {
        StopPoint stop = StopPoint.after(1_000, new ShopSimulator(Traffic.defaults()));

        ShopSimulator simulator = new ShopSimulator(Traffic.defaults());
        List<ShopRecord> sent = new ArrayList<>();
        for (long second = 0; second <= stop.lastSecond() + 100; second++) {
            sent.addAll(stop.within(second, simulator.recordsAt(second)));
        }

        assertThat(sent).hasSize(1_000);
        assertThat(sent)
                .isEqualTo(
                        Traffic.records(Traffic.defaults(), 0, stop.lastSecond() + 1)
                                .subList(0, 1_000));
        assertThat(stop.recordsInLastSecond()).isPositive();
    }

    @Test
    void coversTheRunWithWholeTicks() {
        StopPoint stop = new StopPoint(899, 1);

        assertThat(stop.ticks(1)).isEqualTo(900);
        assertThat(stop.ticks(15)).isEqualTo(60);
        assertThat(stop.ticks(900)).isEqualTo(1);
    }

    @Test
    void neverStopsWhenUnlimited() {
        List<ShopRecord> records = List.of(new ShopRecord("u1", "{}"));

        assertThat(StopPoint.NEVER.ticks(15)).isEqualTo(Long.MAX_VALUE);
        assertThat(StopPoint.NEVER.within(1_000_000_000L, records)).isEqualTo(records);
    }
}
