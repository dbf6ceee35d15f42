package com.shoppulse.alerts.telegram;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * KPI values as people read them: counts whole, conversion ratios as percents, money and other
 * averages with two decimals. Any KPI not known as a count or a ratio keeps two decimals, so a new
 * KPI never loses its fraction.
 */
final class KpiFormat {
    private static final Set<String> COUNTS =
            Set.of("active_users", "views", "add_to_carts", "orders", "buyers", "items_sold");
    private static final Set<String> RATIOS = Set.of("conversion_rate", "buyer_conversion");

    private KpiFormat() {}

    static String value(String kpi, double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (COUNTS.contains(kpi)) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        if (RATIOS.contains(kpi)) {
            return String.format(Locale.ROOT, "%.2f%%", value * 100);
        }
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    /** A threshold that is not in the KPI's unit (a percentage, a z-score): 30, 2.5, 0.01. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The relative change from {@code previous}, e.g. {@code -38.3%}; none from a zero. */
    static Optional<String> change(double previous, double value) {
        if (previous == 0 || !Double.isFinite(previous) || !Double.isFinite(value)) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        Locale.ROOT, "%+.1f%%", (value - previous) / Math.abs(previous) * 100));
    }
}
