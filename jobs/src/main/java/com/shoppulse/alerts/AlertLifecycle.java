package com.shoppulse.alerts;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns CEP matches and recoveries into alerts, per series ({@link Evaluation#key()}): FIRING once
 * when a match arrives, nothing more while it stays firing unless the rule's repeat interval has
 * passed (in event time, between windows), RESOLVED once when a later window no longer breaches.
 * Its state is keyed state, so a restart from a checkpoint neither loses nor repeats an alert.
 *
 * <p>Matches come through the CEP operator and recoveries straight from the evaluator, so a
 * recovery may overtake the match it follows; it is kept and applied when the match arrives.
 */
public final class AlertLifecycle extends KeyedProcessFunction<String, Evaluation, Alert> {
    private static final long serialVersionUID = 1L;

    private final Map<String, AlertRule> rulesById;
    private transient ValueState<IncidentState> incident;

    public AlertLifecycle(Map<String, AlertRule> rulesById) {
        this.rulesById = rulesById;
    }

    @Override
    public void open(OpenContext openContext) {
        incident =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident", IncidentState.class));
    }

    @Override
    public void processElement(Evaluation e, Context ctx, Collector<Alert> out) throws Exception {
        IncidentState state = incident.value();
        if (state == null) {
            state = new IncidentState();
        }
        AlertRule rule = rulesById.get(e.ruleId);
        long now = ctx.timerService().currentProcessingTime();
        if (e.matched) {
            if (e.windowStartMillis < state.resolvedThroughWindowStart) {
                incident.update(state);
                return;
            }
            if (!state.firing) {
                state.firing = true;
                state.alertId = e.ruleId + "/" + e.scopeValue + "/" + e.windowStartMillis;
                state.firingSinceWindowStart = e.windowStartMillis;
                state.lastNotifiedWindowStart = e.windowStartMillis;
                out.collect(alert(rule, e, state, AlertState.FIRING, now));
            } else if (rule.repeatMillis > 0
                    && e.windowStartMillis - state.lastNotifiedWindowStart >= rule.repeatMillis) {
                state.lastNotifiedWindowStart = e.windowStartMillis;
                out.collect(alert(rule, e, state, AlertState.FIRING, now));
            }
        } else if (!e.breach) {
            if (state.latestRecovery == null
                    || e.windowStartMillis > state.latestRecovery.windowStartMillis) {
                state.latestRecovery = e;
            }
        }
        Evaluation recovery = state.latestRecovery;
        if (state.firing
                && recovery != null
                && recovery.windowStartMillis > state.firingSinceWindowStart) {
            state.firing = false;
            state.resolvedThroughWindowStart = recovery.windowStartMillis;
            out.collect(alert(rule, recovery, state, AlertState.RESOLVED, now));
        }
        incident.update(state);
    }

    private static Alert alert(
            AlertRule rule, Evaluation e, IncidentState state, AlertState alertState, long now) {
        Alert a = new Alert();
        a.alertId = state.alertId;
        a.ruleId = rule.id;
        a.kpi = rule.kpi.column();
        a.scope = rule.scope.scopeName();
        a.scopeValue = e.scopeValue;
        a.condition = rule.condition.yamlName();
        a.state = alertState;
        a.severity = rule.severity;
        a.windowSeconds = e.windowSeconds;
        a.windowStartMillis = e.windowStartMillis;
        a.windowEndMillis = e.windowEndMillis;
        a.value = e.value;
        a.threshold = rule.threshold;
        a.previousValue = e.previousValue;
        a.createdAtMillis = now;
        return a;
    }
}
