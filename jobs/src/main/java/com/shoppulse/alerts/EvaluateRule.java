package com.shoppulse.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * <p>Only a window's first result is evaluated: a window re-fired by a late event or replayed after
 * a restart must not be judged twice, nor put out of order into the history.
 */
public final class EvaluateRule extends KeyedProcessFunction<String, Evaluation, Evaluation> {
    private static final long serialVersionUID = 1L;

    private final Map<String, AlertRule> rulesById;
    private transient ValueState<Long> lastWindowStart;
    private transient ListState<Double> history;

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
    }

    @Override
    public void processElement(Evaluation e, Context ctx, Collector<Evaluation> out)
            throws Exception {
        Long last = lastWindowStart.value();
        if (last != null && e.windowStartMillis <= last) {
            return;
        }
        lastWindowStart.update(e.windowStartMillis);
        AlertRule rule = rulesById.get(e.ruleId);
        List<Double> earlier = new ArrayList<>();
        history.get().forEach(earlier::add);
        double[] values = earlier.stream().mapToDouble(Double::doubleValue).toArray();
        e.previousValue = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
        e.breach = rule.condition.breached(e.value, rule.threshold, values);
        if (!e.breach) {
            earlier.add(e.value);
            history.update(
                    earlier.subList(
                            Math.max(0, earlier.size() - rule.historyWindows()), earlier.size()));
        }
        out.collect(e);
    }
}
