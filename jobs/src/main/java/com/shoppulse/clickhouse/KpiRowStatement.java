package com.shoppulse.clickhouse;

import com.shoppulse.kpi.Kpi;
import com.shoppulse.kpi.KpiRow;

/**
 * A {@link KpiRow} as a row of {@code kpi_window}, or of {@code kpi_window_dim} with the two
 * dimension columns; both tables have a column for every {@link Kpi}.
 */
final class KpiRowStatement implements JsonRow<KpiRow> {
    private static final long serialVersionUID = 1L;

    private final boolean withDimension;

    private KpiRowStatement(boolean withDimension) {
        this.withDimension = withDimension;
    }

    static KpiRowStatement overall() {
        return new KpiRowStatement(false);
    }

    static KpiRowStatement byDimension() {
        return new KpiRowStatement(true);
    }

    String table() {
        return withDimension ? "kpi_window_dim" : "kpi_window";
    }

    @Override
    public void write(JsonLine line, KpiRow row) {
        line.number("window_seconds", row.windowSeconds);
        line.dateTime("window_start", row.windowStartMillis);
        line.dateTime("window_end", row.windowEndMillis);
        if (withDimension) {
            line.string("dimension", row.dimension);
            line.string("dimension_value", row.dimensionValue);
        }
        for (Kpi kpi : Kpi.values()) {
            line.number(kpi.column(), kpi.value(row));
        }
        line.number("version", row.version);
    }
}
