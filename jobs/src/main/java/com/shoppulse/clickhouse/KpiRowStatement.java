package com.shoppulse.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.shoppulse.metrics.KpiRow;
import java.io.IOException;

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
    public void write(JsonGenerator json, KpiRow row) throws IOException {
        json.writeNumberField("window_seconds", row.windowSeconds);
        json.writeStringField("window_start", ClickHouseTime.seconds(row.windowStartMillis));
        json.writeStringField("window_end", ClickHouseTime.seconds(row.windowEndMillis));
        if (withDimension) {
            json.writeStringField("dimension", row.dimension);
            json.writeStringField("dimension_value", row.dimensionValue);
        }
        json.writeNumberField("active_users", row.activeUsers);
        json.writeNumberField("views", row.views);
        json.writeNumberField("add_to_carts", row.addToCarts);
        json.writeNumberField("orders", row.orders);
        json.writeNumberField("buyers", row.buyers);
        json.writeNumberField("revenue", row.revenue());
        json.writeNumberField("items_sold", row.itemsSold);
        json.writeNumberField("conversion_rate", row.conversionRate());
        json.writeNumberField("buyer_conversion", row.buyerConversion());
        json.writeNumberField("avg_order_value", row.avgOrderValue());
        json.writeNumberField("items_per_order", row.itemsPerOrder());
        json.writeNumberField("arpu", row.arpu());
        json.writeNumberField("arppu", row.arppu());
        json.writeNumberField("version", row.version);
    }
}
