package com.shoppulse.alerts;

/**
 * One alert event: a rule started firing for a scope value, or stopped. A Flink POJO.
 *
 * <p>{@link #alertId} is the same for the FIRING and RESOLVED events of one incident (rule, scope
 * value and the window where it started firing), so the two can be paired in {@code alert_log}.
 */
public class Alert {
    public String alertId;
    public String ruleId;
    public String kpi;

    /** {@code overall}, or the dimension: {@code city}, {@code category}, {@code device}, ... */
    public String scope;

    /** {@code all} for the overall scope, else the dimension's value, e.g. {@code Moscow}. */
    public String scopeValue;

    public String condition;
    public AlertState state;

    /** {@code info}, {@code warning} or {@code critical}. */
    public String severity;

    public long windowSeconds;
    public long windowStartMillis;
    public long windowEndMillis;

    /** The KPI's value in this window. */
    public double value;

    /** The rule's threshold: a KPI value, a percentage for drop/rise rules, a z-score. */
    public double threshold;

    /**
     * What the KPI's value was compared with: the last normal window of the series, or for a rule
     * with a season the mean of the same window in earlier seasons; null when there was none.
     */
    public Double previousValue;

    public long createdAtMillis;

    public Alert() {}

    @Override
    public String toString() {
        return state
                + " "
                + ruleId
                + "["
                + scope
                + "="
                + scopeValue
                + "] "
                + kpi
                + "="
                + value
                + " vs "
                + threshold
                + " @"
                + windowStartMillis;
    }
}
