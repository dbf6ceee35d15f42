package com.shoppulse.kpi;

/**
 * The KPIs of one window for one (dimension, value), as written to ClickHouse and the KPI topic:
 * the {@link Kpi#measured()} values, exact (money in kopecks); {@link Kpi#value} derives the rest.
 */
public class KpiRow {
    public long windowSeconds;
    public long windowStartMillis;
    public long windowEndMillis;
    public String dimension;
    public String dimensionValue;

    /** By {@link Kpi#slot()}. */
    public long[] measured = new long[Kpi.measured().size()];

    /** Grows with every update of the window, so the table keeps the newest row of a window. */
    public long version;

    public KpiRow() {}

    public boolean isOverall() {
        return Dimension.OVERALL.column().equals(dimension);
    }

    /** The value of a measured KPI, in kopecks for money. */
    public long get(Kpi kpi) {
        return measured[kpi.slot()];
    }

    public KpiRow set(Kpi kpi, long value) {
        measured[kpi.slot()] = value;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder text =
                new StringBuilder()
                        .append(windowSeconds)
                        .append("s@")
                        .append(windowStartMillis)
                        .append(' ')
                        .append(dimension)
                        .append('=')
                        .append(dimensionValue);
        for (Kpi kpi : Kpi.measured()) {
            text.append(' ').append(kpi.column()).append('=').append(kpi.value(this));
        }
        return text.append(" v").append(version).toString();
    }
}
