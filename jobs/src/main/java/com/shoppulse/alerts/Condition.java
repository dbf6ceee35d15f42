package com.shoppulse.alerts;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a rule compares a window's KPI value with its threshold. {@code drop_pct} and {@code
 * rise_pct} compare with a normal value, {@code zscore} with a rolling baseline of earlier normal
 * windows: for metrics that have no fixed normal value (see {@link EvaluateRule}).
 */
public enum Condition {
    BELOW("below"),
    ABOVE("above"),
    DROP_PCT("drop_pct"),
    RISE_PCT("rise_pct"),
    ZSCORE("zscore");

    private final String yamlName;

    Condition(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Whether it compares with earlier windows rather than with a fixed threshold. */
    public boolean relative() {
        return this == DROP_PCT || this == RISE_PCT || this == ZSCORE;
    }

    public static Optional<Condition> fromYamlName(String name) {
        return Arrays.stream(values()).filter(c -> c.yamlName.equals(name)).findFirst();
    }

    /**
     * Whether {@code value} breaches {@code threshold}, given the earlier windows' values, oldest
     * first. Without enough history a relative condition is not breached: no alert from nothing.
     * {@code counts} tells whether the KPI counts things (users, events, items), see {@link
     * #zScore}.
     */
    public boolean breached(double value, double threshold, double[] history, boolean counts) {
        switch (this) {
            case BELOW:
                return value < threshold;
            case ABOVE:
                return value > threshold;
            case DROP_PCT:
                return history.length > 0
                        && history[history.length - 1] > 0
                        && changePct(history[history.length - 1], value) <= -threshold;
            case RISE_PCT:
                return history.length > 0
                        && history[history.length - 1] > 0
                        && changePct(history[history.length - 1], value) >= threshold;
            default:
                return Math.abs(zScore(value, history, counts)) >= threshold;
        }
    }

    static double changePct(double previous, double value) {
        return (value - previous) / previous * 100.0;
    }

    /**
     * The z-score against {@code history}; 0 with fewer than two values or no spread. A count
     * varies by chance by about the square root of its mean (Poisson) even when nothing changes,
     * and a few earlier windows often vary less: an hour of 5, 4, 5, 5, 4, 5 and 5 orders had made
     * 8 orders an anomaly of z = 6. So for {@code counts} the spread is never taken as less.
     */
    static double zScore(double value, double[] history, boolean counts) {
        if (history.length < 2) {
            return 0;
        }
        double mean = Arrays.stream(history).average().orElse(0);
        double variance =
                Arrays.stream(history).map(h -> (h - mean) * (h - mean)).sum()
                        / (history.length - 1);
        double deviation = Math.sqrt(variance);
        if (counts) {
            deviation = Math.max(deviation, Math.sqrt(mean));
        }
        return deviation == 0 ? 0 : (value - mean) / deviation;
    }
}
