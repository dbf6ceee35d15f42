package com.shoppulse.alerts;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fires a {@code job_restarting} alert when a job (the key: its name) restarted at least {@code
 * threshold} times within {@code spanMillis}, and resolves it once a whole span passed without a
 * restart. A job that restarts that often will not heal by itself: its reason is under Exceptions
 * in the Flink web UI. A count that goes down means a new JobManager took the job over and counts
 * from zero again; that is no restart of the job.
 */
public final class RestartingJobDetector extends KeyedProcessFunction<String, JobRestarts, Alert> {
    private static final long serialVersionUID = 1L;
    public static final String RULE_ID = "job_restarting";

    private final int threshold;
    private final long spanMillis;
    private transient ValueState<Long> lastCount;
    private transient ListState<Long> restartTimes;
    private transient ValueState<String> firingAlertId;

    public RestartingJobDetector(int threshold, long spanMillis) {
        this.threshold = threshold;
        this.spanMillis = spanMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        lastCount =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-count", Long.class));
        restartTimes =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("restart-times", Long.class));
        firingAlertId =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("firing-alert", String.class));
    }

    @Override
    public void processElement(JobRestarts seen, Context ctx, Collector<Alert> out)
            throws Exception {
        long now = seen.seenAtMillis;
        Long before = lastCount.value();
        lastCount.update(seen.restarts);
        List<Long> recent = new ArrayList<>();
        for (Long at : restartTimes.get()) {
            if (at > now - spanMillis) {
                recent.add(at);
            }
        }
        // Restarts before the first look happened at unknown times: they only set the baseline.
        long added = before == null ? 0 : Math.max(0, seen.restarts - before);
        for (long i = 0; i < Math.min(added, threshold); i++) {
            recent.add(now);
        }
        restartTimes.update(recent);

        String firing = firingAlertId.value();
        if (firing == null && recent.size() >= threshold) {
            String alertId = RULE_ID + "/" + seen.jobName + "/" + now;
            firingAlertId.update(alertId);
            out.collect(alert(alertId, AlertState.FIRING, seen.jobName, recent.size(), now));
        } else if (firing != null && recent.isEmpty()) {
            firingAlertId.clear();
            out.collect(alert(firing, AlertState.RESOLVED, seen.jobName, 0, now));
        }
    }

    private Alert alert(String alertId, AlertState state, String job, int restarts, long now) {
        Alert a = new Alert();
        a.alertId = alertId;
        a.ruleId = RULE_ID;
        a.kpi = "restarts";
        a.scope = "job";
        a.scopeValue = job;
        a.condition = RULE_ID;
        a.state = state;
        a.severity = "critical";
        a.windowSeconds = spanMillis / 1000;
        a.windowStartMillis = now - spanMillis;
        a.windowEndMillis = now;
        a.value = restarts;
        a.threshold = threshold;
        a.createdAtMillis = now;
        return a;
    }
}
