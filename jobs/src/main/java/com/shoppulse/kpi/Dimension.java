package com.shoppulse.kpi;

/**
 * The breakdowns KPIs are computed for. {@link #OVERALL} has the single value {@link
 * #OVERALL_VALUE} and lands in {@code kpi_window}; the others in {@code kpi_window_dim}.
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
}
