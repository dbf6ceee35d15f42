package com.shoppulse.alerts;

import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import java.io.Serializable;

/** One threshold rule, as read and checked by {@link AlertRules}. */
public final class AlertRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String id;
    public final Kpi kpi;
    public final long windowSeconds;
    public final Dimension scope;
    public final Condition condition;
    public final double threshold;
    public final int forWindows;
    public final String severity;

    /** Fire again after this long in event time while still firing; 0 never repeats. */
    public final long repeatMillis;

    /**
     * For {@code zscore}: how many earlier windows form the baseline; with a {@link #seasonMillis
     * season}, for every relative condition: how many earlier seasons.
     */
    public final int baselineWindows;

    /**
     * For relative conditions: compare with the same window this long earlier (a day, a week), so
     * that the shop's own daily rhythm is not taken for an anomaly; 0 compares with the windows
     * just before.
     */
    public final long seasonMillis;

    /**
     * For relative conditions: no breach while the baseline is below this, as a change in a handful
     * of users or orders is noise, not news.
     */
    public final double minBaseline;

    AlertRule(
            String id,
            Kpi kpi,
            long windowSeconds,
            Dimension scope,
            Condition condition,
            double threshold,
            int forWindows,
            String severity,
            long repeatMillis,
            int baselineWindows,
            long seasonMillis,
            double minBaseline) {
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
        this.seasonMillis = seasonMillis;
        this.minBaseline = minBaseline;
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
