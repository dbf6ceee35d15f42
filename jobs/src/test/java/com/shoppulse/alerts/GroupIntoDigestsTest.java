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
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new GroupIntoDigests(2_000)),
                        GroupIntoDigests::key,
                        Types.STRING);
        harness.open();
        harness.setProcessingTime(0);

        harness.processElement(alert("orders-low", "warning", AlertState.FIRING, 86_400), 0);
        harness.processElement(alert("revenue-low", "critical", AlertState.FIRING, 86_400), 0);
        harness.processElement(alert("dau-low", "warning", AlertState.RESOLVED, 86_400), 0);
        harness.processElement(alert("views-drop", "critical", AlertState.FIRING, 3_600), 0);
        harness.setProcessingTime(1_999);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(2_000);

        assertThat(harness.extractOutputValues())
                .extracting(
                        d ->
                                d.windowSeconds
                                        + ":"
                                        + Arrays.stream(d.alerts)
                                                .map(a -> a.ruleId)
                                                .collect(Collectors.joining(",")))
                .containsExactlyInAnyOrder(
                        "86400:revenue-low,orders-low,dau-low", "3600:views-drop");
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
