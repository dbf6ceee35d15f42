package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import com.shoppulse.kpi.KpiRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EvaluateRuleTest {
    private static final long HOUR = 3_600_000L;
    private static final List<AlertRule> RULES =
            AlertRules.parse(
                    "rules:\n"
                            + "  - {id: views-drop, kpi: views, window: 1h, condition: drop_pct, threshold: 50}\n"
                            + "  - {id: city-orders, kpi: orders, window: 1h, scope: city, condition: below,"
                            + " threshold: 2}\n"
                            + "  - {id: daily, kpi: views, window: 1d, condition: below, threshold: 1}\n",
                    "test");

    @Test
    void matchesRowsToTheRulesOfTheirWindowAndScope() {
        List<Evaluation> out = new ArrayList<>();
        MatchRules match = new MatchRules(RULES);

        match.flatMap(row(3600, "all", "all", 0, 10, 1), new ListCollector<>(out));
        match.flatMap(row(3600, "city", "Kazan", 0, 10, 1), new ListCollector<>(out));
        match.flatMap(row(3600, "device", "mobile", 0, 10, 1), new ListCollector<>(out));

        assertThat(out)
                .extracting(Evaluation::key)
                .containsExactly("views-drop\u001fall", "city-orders\u001fKazan");
        assertThat(out.get(1).value).isEqualTo(1.0);
    }

    @Test
    void comparesWithTheLastNormalWindowAndJudgesEachWindowOnce() throws Exception {
        var harness = evaluator(Map.of("views-drop", RULES.get(0)), null);

        for (Evaluation e :
                views(new long[] {0, 1, 1, 2, 3, 0}, new double[] {100, 40, 45, 45, 90, 10})) {
            harness.processElement(e, 0);
        }

        assertThat(harness.extractOutputValues())
                .extracting(
                        e ->
                                e.windowStartMillis / 3_600_000
                                        + ":"
                                        + e.previousValue
                                        + ":"
                                        + e.breach)
                .containsExactly("0:null:false", "1:100.0:true", "2:100.0:true", "3:100.0:false");
    }

    @Test
    void aSeasonalRuleComparesWithTheSameWindowOfEarlierSeasonsAfterLearningOne() throws Exception {
        // A "day" of three hours keeps the series short: hour 1 of each is the quiet one.
        Map<String, AlertRule> rules = new HashMap<>();
        for (AlertRule r :
                AlertRules.parse(
                        "rules:\n"
                                + "  - {id: any, kpi: views, window: 1h, condition: drop_pct,"
                                + " threshold: 50, season: 3h, baseline: 2}\n"
                                + "  - {id: busy, kpi: views, window: 1h, condition: drop_pct,"
                                + " threshold: 50, season: 3h, baseline: 2, min_baseline: 55}\n",
                        "test")) {
            rules.put(r.id, r);
        }
        var harness = evaluator(rules, null);
        double[] values = {100, 60, 90, 95, 40, 20, 97, 10};
        for (String id : List.of("any", "busy")) {
            for (int hour = 0; hour < values.length; hour++) {
                harness.processElement(evaluation(id, hour * HOUR, values[hour]), 0);
            }
        }

        assertThat(harness.extractOutputValues())
                .extracting(e -> e.ruleId + ":" + e.previousValue + ":" + e.breach)
                .containsExactly(
                        // the first season only learns
                        "any:null:false",
                        "any:100.0:false",
                        "any:60.0:false",
                        // then each hour against the same hour of the seasons before
                        "any:100.0:false",
                        "any:60.0:false",
                        "any:90.0:true",
                        "any:97.5:false",
                        "any:50.0:true",
                        "busy:null:false",
                        "busy:100.0:false",
                        "busy:60.0:false",
                        "busy:100.0:false",
                        "busy:60.0:false",
                        "busy:90.0:true",
                        "busy:97.5:false",
                        // normal is 50 here, below its min_baseline: not judged
                        "busy:50.0:false");
    }

    @Test
    void aRuleEditedToMeasureAnotherKpiOrWindowStartsItsSeriesAfresh() throws Exception {
        AlertRule viewsHourly = rule("kpi: views, window: 1h");
        var before = evaluator(viewsHourly, null);
        for (int hour = 0; hour < 24; hour++) {
            before.processElement(evaluation(hour * HOUR, 400), 0);
        }
        OperatorSubtaskState learntOnViews = before.snapshot(1, 0);
        before.close();

        var usersHourly = evaluator(rule("kpi: active_users, window: 1h"), learntOnViews);
        usersHourly.processElement(evaluation(24 * HOUR, 100), 0);
        usersHourly.processElement(evaluation(25 * HOUR, 40), 0);
        var viewsDaily = evaluator(rule("kpi: views, window: 1d"), learntOnViews);
        viewsDaily.processElement(evaluation(0, 9_600), 0);
        var unchanged = evaluator(viewsHourly, learntOnViews);
        unchanged.processElement(evaluation(24 * HOUR, 100), 0);

        assertThat(usersHourly.extractOutputValues())
                .as("100 users is no drop from 400 views; 40 after 100 users is")
                .extracting(e -> e.previousValue + ":" + e.breach)
                .containsExactly("null:false", "100.0:true");
        assertThat(viewsDaily.extractOutputValues())
                .as("the first day is judged, though hours of it were")
                .extracting(e -> e.previousValue + ":" + e.breach)
                .containsExactly("null:false");
        assertThat(unchanged.extractOutputValues())
                .extracting(e -> e.previousValue + ":" + e.breach)
                .containsExactly("400.0:true");
    }

    /** The rule {@code drop} with the given KPI and window, a drop of half or more breaching. */
    private static AlertRule rule(String measure) {
        return AlertRules.parse(
                        "rules:\n  - {id: drop, "
                                + measure
                                + ", condition: drop_pct, threshold: 50}\n",
                        "test")
                .get(0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Evaluation> evaluator(
            AlertRule rule, OperatorSubtaskState restored) throws Exception {
        return evaluator(Map.of(rule.id, rule), restored);
    }

    /** An {@link EvaluateRule} of {@code rulesById}, from {@code restored} or from nothing. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Evaluation, Evaluation> evaluator(
            Map<String, AlertRule> rulesById, OperatorSubtaskState restored) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EvaluateRule(rulesById)),
                        Evaluation::key,
                        Types.STRING);
        harness.initializeState(restored);
        harness.open();
        return harness;
    }

    private static Evaluation evaluation(long windowStart, double value) {
        return evaluation("drop", windowStart, value);
    }

    private static Evaluation evaluation(String ruleId, long windowStart, double value) {
        Evaluation e = new Evaluation();
        e.ruleId = ruleId;
        e.scopeValue = Dimension.OVERALL_VALUE;
        e.windowStartMillis = windowStart;
        e.value = value;
        return e;
    }

    private static List<Evaluation> views(long[] hours, double[] values) {
        List<Evaluation> out = new ArrayList<>();
        for (int i = 0; i < hours.length; i++) {
            List<Evaluation> one = new ArrayList<>();
            new MatchRules(RULES.subList(0, 1))
                    .flatMap(
                            row(3600, "all", "all", hours[i], (long) values[i], 0),
                            new ListCollector<>(one));
            out.addAll(one);
        }
        return out;
    }

    private static KpiRow row(
            long windowSeconds,
            String dimension,
            String value,
            long hour,
            long views,
            long orders) {
        KpiRow r = new KpiRow();
        r.windowSeconds = windowSeconds;
        r.windowStartMillis = hour * 3_600_000;
        r.windowEndMillis = r.windowStartMillis + windowSeconds * 1000;
        r.dimension = dimension;
        r.dimensionValue = value;
        r.set(Kpi.VIEWS, views).set(Kpi.ORDERS, orders);
        return r;
    }
}
