package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
    private static final long HOUR = 3_600_000L;
    private static final AlertRule RULE =
            AlertRules.parse(
                            "rules:\n  - id: views-drop\n    kpi: views\n    window: 1h\n"
                                    + "    condition: drop_pct\n    threshold: 50\n"
                                    + "    severity: critical\n    repeat: 3h\n",
                            "test")
                    .get(0);

    private KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Alert> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertLifecycle(Map.of(RULE.id, RULE))),
                Evaluation::key,
                Types.STRING);
    }

    @Test
    void firesOnceHoldsAndResolvesOnce() throws Exception {
        harness.processElement(match(1, 40), 0);
        harness.processElement(match(2, 30), 0);
        harness.processElement(recovery(3, 90), 0);
        harness.processElement(recovery(4, 95), 0);

        assertThat(alerts())
                .containsExactly(
                        "FIRING views-drop[overall=all] views=40.0 @1h",
                        "RESOLVED views-drop[overall=all] views=90.0 @3h");
        assertThat(harness.extractOutputValues())
                .extracting(a -> a.alertId)
                .containsOnly("views-drop/all/" + HOUR);
    }

    @Test
    void repeatsAfterTheRepeatIntervalWhileFiring() throws Exception {
        harness.processElement(match(1, 40), 0);
        harness.processElement(match(2, 40), 0);
        harness.processElement(match(4, 40), 0);
        harness.processElement(match(5, 40), 0);

        assertThat(alerts())
                .containsExactly(
                        "FIRING views-drop[overall=all] views=40.0 @1h",
                        "FIRING views-drop[overall=all] views=40.0 @4h");
    }

    @Test
    void aRecoveryThatOvertookItsMatchStillResolvesIt() throws Exception {
        harness.processElement(recovery(3, 90), 0);
        harness.processElement(match(2, 30), 0);

        assertThat(alerts())
                .containsExactly(
                        "FIRING views-drop[overall=all] views=30.0 @2h",
                        "RESOLVED views-drop[overall=all] views=90.0 @3h");
    }

    @Test
    void matchesOvertakenByTheirRecoveryMakeOneIncident() throws Exception {
        harness.processElement(recovery(4, 90), 0);
        harness.processElement(match(2, 30), 0);
        harness.processElement(match(3, 30), 0);

        assertThat(alerts())
                .containsExactly(
                        "FIRING views-drop[overall=all] views=30.0 @2h",
                        "RESOLVED views-drop[overall=all] views=90.0 @4h");
    }

    @Test
    void aRestartNeitherLosesNorRepeatsTheAlert() throws Exception {
        harness.processElement(match(1, 40), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(match(2, 40), 0);
        restored.processElement(recovery(3, 90), 0);

        assertThat(restored.extractOutputValues())
                .extracting(a -> a.state + "@" + a.windowStartMillis / HOUR + "h")
                .containsExactly("RESOLVED@3h");
    }

    private List<String> alerts() {
        return harness.extractOutputValues().stream()
                .map(
                        a ->
                                a.state
                                        + " "
                                        + a.ruleId
                                        + "["
                                        + a.scope
                                        + "="
                                        + a.scopeValue
                                        + "] "
                                        + a.kpi
                                        + "="
                                        + a.value
                                        + " @"
                                        + a.windowStartMillis / HOUR
                                        + "h")
                .toList();
    }

    private static Evaluation match(int hour, double value) {
        Evaluation e = evaluation(hour, value);
        e.breach = true;
        e.matched = true;
        return e;
    }

    private static Evaluation recovery(int hour, double value) {
        return evaluation(hour, value);
    }

    private static Evaluation evaluation(int hour, double value) {
        Evaluation e = new Evaluation();
        e.ruleId = RULE.id;
        e.scopeValue = "all";
        e.forWindows = 1;
        e.windowSeconds = 3600;
        e.windowStartMillis = hour * HOUR;
        e.windowEndMillis = (hour + 1) * HOUR;
        e.value = value;
        e.previousValue = 100.0;
        return e;
    }
}
