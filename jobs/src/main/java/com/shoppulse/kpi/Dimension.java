package com.shoppulse.kpi;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The breakdowns KPIs are computed for. {@link #OVERALL} has the single value {@link
 * #OVERALL_VALUE} and lands in {@code kpi_window}; the others in {@code kpi_window_dim}. Alert
 * rules and alerts name a breakdown by its {@link #scopeName()}.
 */
public enum Dimension {
    OVERALL("all"),
    CITY("city"),
    DEVICE("device"),
    CHANNEL("channel"),
    CATEGORY("category"),
    BRAND("brand");

    public static final String OVERALL_VALUE = "all";

    private final String column;

    Dimension(String column) {
        this.column = column;
    }

    /** The name written to {@code kpi_window_dim.dimension}. */
    public String column() {
        return column;
    }

    /**
     * The name of the breakdown as a rule's {@code scope} and {@code alert_log.scope} give it:
     * {@code overall} for the whole shop, which reads better in a rule than "all".
     */
    public String scopeName() {
        return this == OVERALL ? "overall" : column;
    }

    /**
     * The breakdown a rule's {@code scope} names: a {@link #scopeName()} or a {@link #column()}.
     */
    public static Optional<Dimension> fromScope(String name) {
        return Arrays.stream(values())
                .filter(d -> d.scopeName().equals(name) || d.column().equals(name))
                .findFirst();
    }

    /** Every {@link #scopeName()}, for messages. */
    public static String scopeNames() {
        return Arrays.stream(values()).map(Dimension::scopeName).collect(Collectors.joining(", "));
    }
}
