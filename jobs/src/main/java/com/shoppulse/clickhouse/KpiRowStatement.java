package com.shoppulse.clickhouse;

import com.shoppulse.kpi.KpiRow;

/**
 * A {@link KpiRow} as a row of {@code kpi_window}, or of {@code kpi_window_dim} with the two
 * dimension columns; the KPI columns are the same in both tables.
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
        line.number("active_users", row.activeUsers);
        line.number("views", row.views);
        line.number("add_to_carts", row.addToCarts);
        line.number("orders", row.orders);
        line.number("buyers", row.buyers);
        line.number("revenue", row.revenue());
        line.number("items_sold", row.itemsSold);
        line.number("conversion_rate", row.conversionRate());
        line.number("buyer_conversion", row.buyerConversion());
        line.number("avg_order_value", row.avgOrderValue());
        line.number("items_per_order", row.itemsPerOrder());
        line.number("arpu", row.arpu());
        line.number("arppu", row.arppu());
        line.number("version", row.version);
    }
}
