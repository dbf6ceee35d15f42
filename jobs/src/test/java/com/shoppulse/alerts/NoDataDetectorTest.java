package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NoDataDetectorTest {
    @Test
    void firesAfterTheSilenceAndResolvesWithTheNextEvent() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new NoDataDetector(60_000)),
                        (Long arrival) -> "shop",
                        Types.STRING);
        harness.open();

        harness.setProcessingTime(1_000);
        harness.processElement(1_000L, 0);
        harness.setProcessingTime(50_000);
        harness.processElement(50_000L, 0);
        harness.setProcessingTime(61_000);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(110_000);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.state).isEqualTo(AlertState.FIRING);
                            assertThat(a.ruleId).isEqualTo("no_data");
                            assertThat(a.value).isEqualTo(60.0);
                        });

        harness.setProcessingTime(200_000);
        harness.processElement(200_000L, 0);
        assertThat(harness.extractOutputValues())
                .extracting(a -> a.state + ":" + a.alertId)
                .containsExactly("FIRING:no_data/50000", "RESOLVED:no_data/50000");
    }
}
