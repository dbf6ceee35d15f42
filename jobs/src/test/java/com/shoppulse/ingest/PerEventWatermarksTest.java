package com.shoppulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class PerEventWatermarksTest {
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}
            };

    @Test
    void emitsOnEveryNewMaximumAndNeverGoesBack() {
        PerEventWatermarks<Object> generator = new PerEventWatermarks<>(Duration.ofSeconds(5));

        generator.onEvent(null, 10_000, output);
        generator.onEvent(null, 8_000, output);
        generator.onEvent(null, 10_000, output);
        generator.onEvent(null, 12_000, output);
        generator.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(4_999L, 6_999L);
    }
}
