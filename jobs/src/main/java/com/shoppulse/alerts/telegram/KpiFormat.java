package com.shoppulse.alerts.telegram;

import com.shoppulse.kpi.Kpi;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * KPI values as people read them, by their {@link Kpi.Kind}: counts whole, shares as percents,
 * money and other averages with two decimals. Anything that is not a KPI of {@link Kpi} keeps two
 * decimals, so no value loses its fraction.
 */
final class KpiFormat {

    private KpiFormat() {}

    static String value(String kpi, double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        Kpi.Kind kind = Kpi.fromColumn(kpi).map(Kpi::kind).orElse(Kpi.Kind.AVERAGE);
        switch (kind) {
            case COUNT:
                return String.format(Locale.ROOT, "%,d", Math.round(value));
            case SHARE:
                return String.format(Locale.ROOT, "%.2f%%", value * 100);
            default:
                return String.format(Locale.ROOT, "%,.2f", value);
        }
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
