package com.shoppulse.alerts;

import com.shoppulse.kpi.Kpi;
import java.io.Serializable;

/** One threshold rule, as read and checked by {@link AlertRules}. */
public final class AlertRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The scope of a rule over the whole shop; any other scope is a dimension name. */
    public static final String OVERALL = "overall";

    public final String id;
    public final Kpi kpi;
    public final long windowSeconds;
    public final String scope;
    public final Condition condition;
    public final double threshold;
    public final int forWindows;
    public final String severity;

    /** Fire again after this long in event time while still firing; 0 never repeats. */
    public final long repeatMillis;

    /** For {@code zscore}: how many earlier windows form the baseline. */
    public final int baselineWindows;

    AlertRule(
            String id,
            Kpi kpi,
            long windowSeconds,
            String scope,
            Condition condition,
            double threshold,
            int forWindows,
            String severity,
            long repeatMillis,
            int baselineWindows) {
        this.id = id;
        this.kpi = kpi;
        this.windowSeconds = windowSeconds;
        this.scope = scope;
        this.condition = condition;
        this.threshold = threshold;
        this.forWindows = forWindows;
        this.severity = severity;
        this.repeatMillis = repeatMillis;
        this.baselineWindows = baselineWindows;
    }

    /** How many earlier windows this rule needs to remember. */
    public int historyWindows() {
        return condition == Condition.ZSCORE ? baselineWindows : 1;
    }

    @Override
    public String toString() {
        return id;
    }
}
