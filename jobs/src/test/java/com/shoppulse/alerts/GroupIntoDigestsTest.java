package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class GroupIntoDigestsTest {
    @Test
    void theAlertsOfOneWindowBecomeOneDigest() throws Exception {
        var harness = opened(2_000, 0);

        harness.processElement(alert("orders-low", "warning", AlertState.FIRING, 86_400), 0);
        harness.processElement(alert("revenue-low", "critical", AlertState.FIRING, 86_400), 0);
        harness.processElement(alert("dau-low", "warning", AlertState.RESOLVED, 86_400), 0);
        harness.processElement(alert("views-drop", "critical", AlertState.FIRING, 3_600), 0);
        harness.setProcessingTime(1_999);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(2_001);

        assertThat(harness.extractOutputValues())
                .extracting(
                        d ->
                                d.windowSeconds
                                        + ":"
                                        + Arrays.stream(d.alerts)
                                                .map(a -> a.ruleId)
                                                .collect(Collectors.joining(",")))
                .as("the second digest a millisecond after the first")
                .containsExactly("86400:revenue-low,orders-low,dau-low", "3600:views-drop");
    }

    /**
     * Digests go out in the order their first alerts came, even when they came in the same
     * millisecond: as a firing and the recovery that had overtaken it do (the lifecycle emits both
     * at once), and the windows that close together when the job catches up. A resolved message
     * before its firing one would tell a person the incident is still on.
     */
    @Test
    void digestsOfAlertsThatComeTogetherGoInTheOrderTheyCame() throws Exception {
        var harness = opened(200, 1_000);
        for (int minute = 0; minute < 8; minute++) {
            Alert a =
                    alert(
                            "views-low-minute",
                            "info",
                            minute % 2 == 0 ? AlertState.FIRING : AlertState.RESOLVED,
                            60);
            a.windowStartMillis = minute * 60_000L;
            harness.processElement(a, 0);
        }
        harness.setProcessingTime(2_000);

        assertThat(harness.extractOutputValues())
                .extracting(d -> d.windowStartMillis / 60_000L)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    /** The operator with {@code delayMillis}, opened at the processing time {@code now}. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Alert, AlertDigest> opened(
            long delayMillis, long now) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new GroupIntoDigests(delayMillis)),
                        GroupIntoDigests::key,
                        Types.STRING);
        harness.open();
        harness.setProcessingTime(now);
        return harness;
    }

    private static Alert alert(String rule, String severity, AlertState state, long windowSeconds) {
        Alert a = new Alert();
        a.ruleId = rule;
        a.scopeValue = "all";
        a.severity = severity;
        a.state = state;
        a.windowSeconds = windowSeconds;
        a.windowStartMillis = 0;
        return a;
    }
}
