package com.shoppulse.alerts;

import com.shoppulse.kpi.Dimension;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fires a {@code no_data} alert when no valid event has arrived for {@code silenceMillis} of
 * processing time (the shop may be down), and resolves it with the next one. Input: the arrival
 * times of valid events ({@link Pulses} thins them out first), all under one key.
 *
 * <p>One timer at a time: an event only moves the deadline in state, and the timer, when it fires
 * early, sets itself again for the deadline. A timer per event would cost a timer-service write per
 * event.
 */
public final class NoDataDetector extends KeyedProcessFunction<String, Long, Alert> {
    private static final long serialVersionUID = 1L;
    public static final String RULE_ID = "no_data";

    private final long silenceMillis;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> timerAt;
    private transient ValueState<String> firingAlertId;

    public NoDataDetector(long silenceMillis) {
        this.silenceMillis = silenceMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        lastSeen =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Long.class));
        timerAt = getRuntimeContext().getState(new ValueStateDescriptor<>("timer-at", Long.class));
        firingAlertId =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("firing-alert", String.class));
    }

    @Override
    public void processElement(Long arrival, Context ctx, Collector<Alert> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        Long previous = lastSeen.value();
        lastSeen.update(now);
        if (firingAlertId.value() != null) {
            out.collect(alert(firingAlertId.value(), AlertState.RESOLVED, previous, now));
            firingAlertId.clear();
        }
        if (timerAt.value() == null) {
            timerAt.update(now + silenceMillis);
            ctx.timerService().registerProcessingTimeTimer(now + silenceMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long deadline = lastSeen.value() + silenceMillis;
        if (timestamp < deadline) {
            timerAt.update(deadline);
            ctx.timerService().registerProcessingTimeTimer(deadline);
            return;
        }
        timerAt.clear();
        String alertId = RULE_ID + "/" + lastSeen.value();
        firingAlertId.update(alertId);
        out.collect(alert(alertId, AlertState.FIRING, lastSeen.value(), timestamp));
    }

    private Alert alert(String alertId, AlertState state, Long silentSince, long now) {
        Alert a = new Alert();
        a.alertId = alertId;
        a.ruleId = RULE_ID;
        a.kpi = "events";
        a.scope = Dimension.OVERALL.scopeName();
        a.scopeValue = Dimension.OVERALL_VALUE;
        a.condition = "no_data";
        a.state = state;
        a.severity = "critical";
        a.windowStartMillis = silentSince == null ? now : silentSince;
        a.windowEndMillis = now;
        a.value = (now - a.windowStartMillis) / 1000.0;
        a.threshold = silenceMillis / 1000.0;
        a.createdAtMillis = now;
        return a;
    }
}
