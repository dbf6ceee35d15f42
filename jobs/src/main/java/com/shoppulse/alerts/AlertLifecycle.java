package com.shoppulse.alerts;

import com.shoppulse.kpi.Dimension;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.util.Collector;

/**
 * Turns CEP matches and recoveries into alerts, per series ({@link Evaluation#key()}): FIRING once
 * when a match arrives, nothing more while it stays firing unless the rule's repeat interval has
 * passed (in event time, between windows), RESOLVED once when a later window no longer breaches.
 * Its state is keyed state, so a restart from a checkpoint neither loses nor repeats an alert.
 *
 * <p>Matches come through the CEP operator and recoveries straight from the evaluator, so a
 * recovery may overtake the match it follows; it is kept and applied when the match arrives.
 *
 * <p>A rule taken out of the rules file is no longer judged, nor are the old series of a rule whose
 * scope changed (per city before, per category now): nothing would ever resolve an incident of such
 * a series that was firing when the job stopped, and the people who saw it fire would take it for
 * still on. Run by {@link Operator}, the job resolves such incidents as it starts, with the
 * condition {@link #RULE_REMOVED} or {@link #SCOPE_CHANGED}, and forgets those series.
 */
public final class AlertLifecycle extends KeyedProcessFunction<String, Evaluation, Alert> {
    private static final long serialVersionUID = 1L;

    /** The condition of the RESOLVED alert that closes an incident of a rule no longer in use. */
    public static final String RULE_REMOVED = "rule_removed";

    /** The condition of the RESOLVED alert that closes an incident of a rule's former scope. */
    public static final String SCOPE_CHANGED = "scope_changed";

    private final Map<String, AlertRule> rulesById;
    private transient ValueState<IncidentState> incident;

    public AlertLifecycle(Map<String, AlertRule> rulesById) {
        this.rulesById = rulesById;
    }

    @Override
    public void open(OpenContext openContext) {
        incident = getRuntimeContext().getState(incidentState());
    }

    private static ValueStateDescriptor<IncidentState> incidentState() {
        return new ValueStateDescriptor<>("incident", IncidentState.class);
    }

    /**
     * Why the series {@code key} is no longer judged, as the condition of the RESOLVED alert that
     * ends its incident, or null while it is. The scope a series was judged in is known from its
     * FIRING alert only, so a series that never fired since {@link IncidentState#firingAlert} was
     * kept stays, and is never read again.
     */
    String retiredBecause(String key, IncidentState state) {
        AlertRule rule = rulesById.get(Evaluation.ruleIdOf(key));
        if (rule == null) {
            return RULE_REMOVED;
        }
        Alert fired = state.firingAlert;
        if (fired != null && !rule.scope.scopeName().equals(fired.scope)) {
            return SCOPE_CHANGED;
        }
        return null;
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
                state.firingAlert = alert(rule, e, state, AlertState.FIRING, now);
                out.collect(state.firingAlert);
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

    /** Only {@link Operator} sets timers: one for each series no longer judged, due at a start. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        IncidentState state = incident.value();
        String reason = state == null ? null : retiredBecause(ctx.getCurrentKey(), state);
        if (reason == null) {
            return;
        }
        if (state.firing) {
            out.collect(
                    retired(
                            ctx.getCurrentKey(),
                            state,
                            reason,
                            ctx.timerService().currentProcessingTime()));
        }
        incident.clear();
    }

    /**
     * The RESOLVED alert, for {@code reason}, of a firing incident of a series no longer judged:
     * the FIRING alert's rule, scope and window, so that the two pair up in {@code alert_log} and
     * the digest. State saved before {@link IncidentState#firingAlert} tells only the series and
     * the window the incident started in; what it does not tell stays empty.
     */
    static Alert retired(String key, IncidentState state, String reason, long now) {
        Alert a = state.firingAlert;
        if (a == null) {
            a = new Alert();
            a.alertId = state.alertId;
            a.ruleId = Evaluation.ruleIdOf(key);
            a.scopeValue = Evaluation.scopeValueOf(key);
            a.kpi = "";
            a.scope =
                    Dimension.OVERALL_VALUE.equals(a.scopeValue)
                            ? Dimension.OVERALL.scopeName()
                            : "";
            a.severity = "";
            a.windowStartMillis = state.firingSinceWindowStart;
            a.windowEndMillis = state.firingSinceWindowStart;
        }
        a.condition = reason;
        a.state = AlertState.RESOLVED;
        a.previousValue = null;
        a.createdAtMillis = now;
        return a;
    }

    /**
     * Runs an {@link AlertLifecycle} and, when the job starts, sets a timer due at once for every
     * series no longer judged: a function sees the keys of its state only one at a time, as their
     * records come, and such a series gets no more records.
     */
    public static final class Operator extends KeyedProcessOperator<String, Evaluation, Alert> {
        private static final long serialVersionUID = 1L;

        public Operator(Map<String, AlertRule> rulesById) {
            super(new AlertLifecycle(rulesById));
        }

        @Override
        public void open() throws Exception {
            super.open();
            AlertLifecycle lifecycle = (AlertLifecycle) userFunction;
            // The timer service the function's own context sets timers in, so onTimer gets them.
            InternalTimerService<VoidNamespace> timers =
                    getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
            long now = getProcessingTimeService().getCurrentProcessingTime();
            this.<String>getKeyedStateBackend()
                    .applyToAllKeys(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            incidentState(),
                            (key, state) -> {
                                if (lifecycle.retiredBecause(key, state.value()) != null) {
                                    timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now);
                                }
                            });
        }
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
