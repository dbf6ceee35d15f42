package com.shoppulse.alerts;

/**
 * A rule applied to one window of one scope value: the value, the normal value it is compared with
 * (see {@link EvaluateRule}), and whether it breaches. {@code matched} marks the evaluation that
 * completed a CEP match, i.e. the last of {@code forWindows} consecutive breaches.
 */
public class Evaluation {
    /**
     * Between the rule and the scope value in a {@link #key()}; a rule id holds no control
     * character.
     */
    private static final char KEY_SEPARATOR = '\u001f';

    public String ruleId;
    public String scopeValue;
    public int forWindows;
    public long windowSeconds;
    public long windowStartMillis;
    public long windowEndMillis;
    public double value;
    public Double previousValue;
    public boolean breach;
    public boolean matched;

    public Evaluation() {}

    /** The key rules are evaluated and alerts live per: one series of one rule. */
    public String key() {
        return ruleId + KEY_SEPARATOR + scopeValue;
    }

    /** The rule of a {@link #key()}. */
    static String ruleIdOf(String key) {
        return key.substring(0, key.indexOf(KEY_SEPARATOR));
    }

    /** The scope value of a {@link #key()}. */
    static String scopeValueOf(String key) {
        return key.substring(key.indexOf(KEY_SEPARATOR) + 1);
    }

    @Override
    public String toString() {
        return ruleId
                + "["
                + scopeValue
                + "]@"
                + windowStartMillis
                + "="
                + value
                + (breach ? " breach" : "")
                + (matched ? " matched" : "");
    }
}
