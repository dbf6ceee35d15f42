package com.shoppulse.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** How the report and the bot word a figure that is not a plain value. */
public final class Figures {
    private static final String NONE = "\u2014";

    private Figures() {}

    /**
     * The change from {@code before} to {@code now} in per cent, one decimal, as {@code +12.3 %}; a
     * dash when either is missing or {@code before} is zero.
     */
    public static String change(String now, String before) {
        if (now == null || before == null) {
            return NONE;
        }
        BigDecimal change = percent(new BigDecimal(now).subtract(new BigDecimal(before)), before);
        if (change == null) {
            return NONE;
        }
        return (change.signum() > 0 ? "+" : "") + change.toPlainString() + " %";
    }

    /**
     * {@code part} as a share of {@code whole} in per cent, one decimal, as {@code 28.0 %}; a dash
     * when either is missing or {@code whole} is zero.
     */
    public static String share(String part, String whole) {
        BigDecimal share =
                part == null || whole == null ? null : percent(new BigDecimal(part), whole);
        return share == null ? NONE : share.toPlainString() + " %";
    }

    /** Null when {@code whole} is zero. */
    private static BigDecimal percent(BigDecimal part, String whole) {
        BigDecimal base = new BigDecimal(whole);
        return base.signum() == 0
                ? null
                : part.multiply(BigDecimal.valueOf(100)).divide(base, 1, RoundingMode.HALF_UP);
    }

    /**
     * An alert's scope from its {@code scope} and {@code scope_value} columns: overall or
     * city=Omsk.
     */
    public static String scope(Map<String, String> alert) {
        return "overall".equals(alert.get("scope"))
                ? "overall"
                : alert.get("scope") + "=" + alert.get("scope_value");
    }
}
