package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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
    private static final AlertRule RULE_PER_CITY =
            AlertRules.parse(
                            "rules:\n  - id: views-drop\n    kpi: views\n    window: 1h\n"
                                    + "    scope: city\n    condition: drop_pct\n    threshold: 50\n"
                                    + "    severity: critical\n",
                            "test")
                    .get(0);
    private static final AlertRule OTHER_RULE =
            AlertRules.parse(
                            "rules:\n  - id: orders-low\n    kpi: orders\n    window: 1d\n"
                                    + "    condition: below\n    threshold: 60\n"
                                    + "    severity: warning\n",
                            "test")
                    .get(0);

    private KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Alert> harness(
            AlertRule... rules) throws Exception {
        Map<String, AlertRule> rulesById = new HashMap<>();
        for (AlertRule rule : rules.length == 0 ? new AlertRule[] {RULE} : rules) {
            rulesById.put(rule.id, rule);
        }
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new AlertLifecycle.Operator(rulesById), Evaluation::key, Types.STRING);
    }

    /**
     * A harness started from {@code snapshot} with {@code rules} (by default {@link #RULE}), its
     * processing time at {@code now}: the timers the start sets have fired.
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Alert> startedFrom(
            OperatorSubtaskState snapshot, long now, AlertRule... rules) throws Exception {
        var started = harness(rules);
        started.initializeState(snapshot);
        started.open();
        started.setProcessingTime(now);
        return started;
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

        var restored = startedFrom(snapshot, 0);
        restored.processElement(match(2, 40), 0);
        restored.processElement(recovery(3, 90), 0);

        assertThat(restored.extractOutputValues())
                .extracting(a -> a.state + "@" + a.windowStartMillis / HOUR + "h")
                .containsExactly("RESOLVED@3h");
    }

    @Test
    void anIncidentOfARuleTakenOutOfTheFileResolvesAtTheNextStart() throws Exception {
        harness.processElement(match(1, 40), 0);
        harness.processElement(inMoscow(recovery(3, 90)), 0);
        OperatorSubtaskState withTheRule = harness.snapshot(1, 0);
        harness.close();

        var withoutIt = startedFrom(withTheRule, 5, OTHER_RULE);

        assertThat(withoutIt.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.state).isEqualTo(AlertState.RESOLVED);
                            assertThat(a.condition).isEqualTo(AlertLifecycle.RULE_REMOVED);
                            assertThat(a.alertId).isEqualTo("views-drop/all/" + HOUR);
                            assertThat(a.kpi).isEqualTo("views");
                            assertThat(a.scope).isEqualTo("overall");
                            assertThat(a.scopeValue).isEqualTo("all");
                            assertThat(a.severity).isEqualTo("critical");
                            assertThat(a.windowSeconds).isEqualTo(3600);
                            assertThat(a.windowStartMillis).isEqualTo(HOUR);
                            assertThat(a.windowEndMillis).isEqualTo(2 * HOUR);
                            assertThat(a.createdAtMillis).isEqualTo(5);
                        });
        OperatorSubtaskState withoutTheRule = withoutIt.snapshot(2, 10);
        withoutIt.close();

        var ruleBack = startedFrom(withoutTheRule, 20);
        ruleBack.processElement(match(6, 40), 0);
        ruleBack.processElement(inMoscow(match(2, 30)), 0);

        assertThat(ruleBack.extractOutputValues())
                .as("the rule's series were forgotten: a new incident, no old recovery")
                .extracting(a -> a.state + " " + a.scopeValue + "@" + a.windowStartMillis / HOUR)
                .containsExactly("FIRING all@6", "FIRING Moscow@2");
    }

    @Test
    void anIncidentOfARulesFormerScopeResolvesAtTheNextStartAndItsSeriesIsForgotten()
            throws Exception {
        harness.processElement(match(1, 40), 0);
        OperatorSubtaskState overall = harness.snapshot(1, 0);
        harness.close();

        var perCity = startedFrom(overall, 5, RULE_PER_CITY);
        perCity.processElement(inMoscow(match(2, 30)), 0);

        assertThat(perCity.extractOutputValues())
                .extracting(a -> a.state + " " + a.condition + " " + a.scope + "=" + a.scopeValue)
                .containsExactly(
                        "RESOLVED scope_changed overall=all", "FIRING drop_pct city=Moscow");
        assertThat(perCity.extractOutputValues().get(0).alertId)
                .isEqualTo("views-drop/all/" + HOUR);
        OperatorSubtaskState cities = perCity.snapshot(2, 10);
        perCity.close();

        var overallAgain = startedFrom(cities, 20);
        overallAgain.processElement(recovery(3, 90), 0);

        assertThat(overallAgain.extractOutputValues())
                .as("the overall series was forgotten; the Moscow one now has a former scope")
                .extracting(a -> a.state + " " + a.condition + " " + a.scope + "=" + a.scopeValue)
                .containsExactly("RESOLVED scope_changed city=Moscow");
    }

    @Test
    void anIncidentOfARuleStillInTheFileIsLeftAsItWas() throws Exception {
        harness.processElement(match(1, 40), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        var restored = startedFrom(snapshot, 5, RULE, OTHER_RULE);
        restored.processElement(recovery(2, 90), 0);

        assertThat(restored.extractOutputValues())
                .extracting(a -> a.state + " " + a.condition + "@" + a.windowStartMillis / HOUR)
                .containsExactly("RESOLVED drop_pct@2");
    }

    @Test
    void stateSavedBeforeTheFiringAlertWasKeptStillNamesTheSeriesAndWindow() {
        IncidentState old = new IncidentState();
        old.firing = true;
        old.alertId = "city-revenue-collapse/Омск/" + 24 * HOUR;
        old.firingSinceWindowStart = 24 * HOUR;

        Alert a =
                AlertLifecycle.retired(
                        "city-revenue-collapse\u001fОмск", old, AlertLifecycle.RULE_REMOVED, 7);

        assertThat(a.toString())
                .isEqualTo("RESOLVED city-revenue-collapse[=Омск] =0.0 vs 0.0 @" + 24 * HOUR);
        assertThat(a.alertId).isEqualTo(old.alertId);
        assertThat(a.condition).isEqualTo(AlertLifecycle.RULE_REMOVED);
        assertThat(a.windowEndMillis).isEqualTo(a.windowStartMillis);
        assertThat(a.severity).isEmpty();
        assertThat(a.createdAtMillis).isEqualTo(7);
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

    private static Evaluation inMoscow(Evaluation e) {
        e.scopeValue = "Moscow";
        return e;
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
