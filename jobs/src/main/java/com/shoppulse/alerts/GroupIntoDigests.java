package com.shoppulse.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Collects the alerts of one window (keyed by window size and start) for {@code delayMillis} of
 * processing time after the first, then emits them as one {@link AlertDigest}: the alerts of a
 * window are raised within moments of each other when it closes, so a short wait turns a burst into
 * one message. FIRING before RESOLVED, most severe first.
 *
 * <p>Digests go out in the order their first alerts came. Alerts of several windows can come in one
 * millisecond: a firing and the recovery that overtook it (which {@link AlertLifecycle} emits
 * together), or the windows that close at once as the job catches up. Flink fires timers of one
 * time in no set order, and a resolved message before its firing one had told a person that an
 * incident was still on; so each digest's timer is set at least a millisecond after the last.
 */
public final class GroupIntoDigests extends KeyedProcessFunction<String, Alert, AlertDigest> {
    private static final long serialVersionUID = 1L;
    private static final List<String> SEVERITY_ORDER = List.of("critical", "warning", "info");

    private final long delayMillis;
    private transient ListState<Alert> pending;

    /** When the last digest timer of this subtask is due; not state: after a restore, any time. */
    private transient long lastDue;

    public GroupIntoDigests(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    public static String key(Alert alert) {
        return alert.windowSeconds + "/" + alert.windowStartMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext().getListState(new ListStateDescriptor<>("pending", Alert.class));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<AlertDigest> out)
            throws Exception {
        if (!pending.get().iterator().hasNext()) {
            lastDue =
                    Math.max(ctx.timerService().currentProcessingTime() + delayMillis, lastDue + 1);
            ctx.timerService().registerProcessingTimeTimer(lastDue);
        }
        pending.add(alert);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertDigest> out)
            throws Exception {
        List<Alert> alerts = new ArrayList<>();
        pending.get().forEach(alerts::add);
        pending.clear();
        if (alerts.isEmpty()) {
            return;
        }
        alerts.sort(
                Comparator.comparing((Alert a) -> a.state)
                        .thenComparing(a -> SEVERITY_ORDER.indexOf(a.severity))
                        .thenComparing(a -> a.ruleId)
                        .thenComparing(a -> a.scopeValue));
        AlertDigest digest = new AlertDigest();
        digest.windowSeconds = alerts.get(0).windowSeconds;
        digest.windowStartMillis = alerts.get(0).windowStartMillis;
        digest.windowEndMillis = alerts.get(0).windowEndMillis;
        digest.alerts = alerts.toArray(new Alert[0]);
        out.collect(digest);
    }
}
