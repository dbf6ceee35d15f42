package com.shoppulse.alerts;

import com.shoppulse.kpi.Kpi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides whether a window breaches its rule, remembering the earlier windows of the series that
 * relative conditions compare with. Keyed by {@link Evaluation#key()}.
 *
 * <p>Only windows that did not breach join that history: a drop is measured against the last normal
 * window, so an outage stays a breach until the KPI is back near normal (rather than "resolving"
 * because its second hour is no lower than its first), and an anomaly does not become part of the
 * baseline it is judged against.
 *
 * <p>A rule with a season compares with the same window one or more seasons earlier (the mean of
 * those that were normal), so a night hour is judged against earlier nights, not against the
 * evening before. A window whose earlier seasons left nothing to compare with, such as an incident
 * that recurs at the same hour every day and so never joined the history, is judged against the
 * last normal window instead. The series' first season only learns: its windows join the history
 * unless they breach against the last normal window, and none of them breaches, as nothing says yet
 * what is normal for that hour.
 *
 * <p>Only a window's first result is evaluated: a window re-fired by a late event or replayed after
 * a restart must not be judged twice, nor put out of order into the history.
 *
 * <p>A rule edited under the same id to measure another KPI or window size starts its series
 * afresh: what was normal for the old measure is no normal for the new one (an hour's views taken
 * for the normal of its users would read as a 75 % drop, and fire), and the starts of windows of
 * another size say nothing of which windows were judged.
 */
public final class EvaluateRule extends KeyedProcessFunction<String, Evaluation, Evaluation> {
    private static final long serialVersionUID = 1L;

    private final Map<String, AlertRule> rulesById;
    private transient ValueState<Long> lastWindowStart;
    private transient ListState<Double> history;
    private transient ValueState<Long> firstWindowStart;
    private transient MapState<Long, Double> seasonHistory;
    private transient ValueState<String> learntFor;

    public EvaluateRule(Map<String, AlertRule> rulesById) {
        this.rulesById = rulesById;
    }

    @Override
    public void open(OpenContext openContext) {
        lastWindowStart =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-window-start", Long.class));
        history =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("history", Double.class));
        firstWindowStart =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("first-window-start", Long.class));
        seasonHistory =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "season-history", Long.class, Double.class));
        learntFor =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("learnt-for", String.class));
    }

    @Override
    public void processElement(Evaluation e, Context ctx, Collector<Evaluation> out)
            throws Exception {
        AlertRule rule = rulesById.get(e.ruleId);
        forgetWhatWasLearntForAnotherMeasure(rule);
        Long last = lastWindowStart.value();
        if (last != null && e.windowStartMillis <= last) {
            return;
        }
        lastWindowStart.update(e.windowStartMillis);
        List<Double> recent = new ArrayList<>();
        history.get().forEach(recent::add);
        double[] baseline = seasonBaseline(rule, e.windowStartMillis);
        boolean bySeason = baseline.length > 0;
        if (!bySeason) {
            baseline = recent.stream().mapToDouble(Double::doubleValue).toArray();
        }
        e.previousValue = reference(rule, baseline);
        boolean breach =
                rule.condition.breached(e.value, rule.threshold, baseline, counts(rule))
                        && !(rule.condition.relative() && e.previousValue < rule.minBaseline);
        boolean firstSeason = inFirstSeason(rule, e.windowStartMillis);
        e.breach = breach && !firstSeason;
        if (!breach) {
            recent.add(e.value);
            history.update(
                    recent.subList(
                            Math.max(0, recent.size() - rule.historyWindows()), recent.size()));
            // A window its season could not judge becomes the normal of its hour only when it is
            // clearly normal: an incident that just missed the threshold must not hide the next.
            if (bySeason
                    || firstSeason
                    || !rule.condition.breached(
                            e.value, rule.threshold / 2, baseline, counts(rule))) {
                rememberForSeason(rule, e);
            }
        }
        out.collect(e);
    }

    /**
     * The normal values of the same window in up to {@code baseline} earlier seasons, oldest first;
     * for a drop or a rise, their mean, the one value those compare with.
     */
    private double[] seasonBaseline(AlertRule rule, long windowStart) throws Exception {
        if (rule.seasonMillis == 0) {
            return new double[0];
        }
        List<Double> values = new ArrayList<>();
        for (int k = rule.baselineWindows; k >= 1; k--) {
            Double value = seasonHistory.get(windowStart - k * rule.seasonMillis);
            if (value != null) {
                values.add(value);
            }
        }
        double[] baseline = values.stream().mapToDouble(Double::doubleValue).toArray();
        if (rule.condition == Condition.ZSCORE || baseline.length == 0) {
            return baseline;
        }
        return new double[] {Arrays.stream(baseline).average().orElseThrow()};
    }

    private static boolean counts(AlertRule rule) {
        return rule.kpi.kind() == Kpi.Kind.COUNT;
    }

    /** The value a window is compared with: a z-score's mean, otherwise the latest. */
    private static Double reference(AlertRule rule, double[] baseline) {
        if (baseline.length == 0) {
            return null;
        }
        return rule.condition == Condition.ZSCORE
                ? Arrays.stream(baseline).average().orElseThrow()
                : baseline[baseline.length - 1];
    }

    /**
     * Clears the series when its rule now measures another KPI or window size than its history was
     * learnt for. State saved before this was kept counts as learnt for the rule as it is.
     */
    private void forgetWhatWasLearntForAnotherMeasure(AlertRule rule) throws Exception {
        String measure = rule.kpi.column() + "/" + rule.windowSeconds + "s";
        String learnt = learntFor.value();
        if (measure.equals(learnt)) {
            return;
        }
        if (learnt != null) {
            lastWindowStart.clear();
            history.clear();
            firstWindowStart.clear();
            seasonHistory.clear();
        }
        learntFor.update(measure);
    }

    private boolean inFirstSeason(AlertRule rule, long windowStart) throws Exception {
        if (rule.seasonMillis == 0) {
            return false;
        }
        Long first = firstWindowStart.value();
        if (first == null) {
            firstWindowStart.update(windowStart);
            return true;
        }
        return windowStart < first + rule.seasonMillis;
    }

    private void rememberForSeason(AlertRule rule, Evaluation e) throws Exception {
        if (rule.seasonMillis == 0) {
            return;
        }
        seasonHistory.put(e.windowStartMillis, e.value);
        // Later windows look back at most as far as this one did.
        long oldestNeeded = e.windowStartMillis - rule.baselineWindows * rule.seasonMillis;
        List<Long> expired = new ArrayList<>();
        for (Long start : seasonHistory.keys()) {
            if (start < oldestNeeded) {
                expired.add(start);
            }
        }
        for (Long start : expired) {
            seasonHistory.remove(start);
        }
    }
}
