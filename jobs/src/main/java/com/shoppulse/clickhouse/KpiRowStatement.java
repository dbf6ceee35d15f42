package com.shoppulse.clickhouse;

import com.shoppulse.metrics.KpiRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds a {@link KpiRow} to an insert into {@code kpi_window}, or into {@code kpi_window_dim} with
 * the two dimension columns; the KPI columns are the same in both tables.
 */
final class KpiRowStatement implements RowBinder<KpiRow> {
    private static final long serialVersionUID = 1L;

    private static final String KPI_COLUMNS =
            "active_users, views, add_to_carts, orders, buyers, revenue, items_sold,"
                    + " conversion_rate, buyer_conversion, avg_order_value, items_per_order, arpu,"
                    + " arppu, version";

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

    String sql() {
        String columns =
                "window_seconds, window_start, window_end, "
                        + (withDimension ? "dimension, dimension_value, " : "")
                        + KPI_COLUMNS;
        int count = columns.split(",").length;
        return "INSERT INTO "
                + table()
                + " ("
                + columns
                + ") VALUES ("
                + "?, ".repeat(count - 1)
                + "?)";
    }

    @Override
    public void accept(PreparedStatement ps, KpiRow row) throws SQLException {
        int i = 0;
        ps.setLong(++i, row.windowSeconds);
        ps.setObject(++i, ClickHouseTime.utc(row.windowStartMillis));
        ps.setObject(++i, ClickHouseTime.utc(row.windowEndMillis));
        if (withDimension) {
            ps.setString(++i, row.dimension);
            ps.setString(++i, row.dimensionValue);
        }
        ps.setLong(++i, row.activeUsers);
        ps.setLong(++i, row.views);
        ps.setLong(++i, row.addToCarts);
        ps.setLong(++i, row.orders);
        ps.setLong(++i, row.buyers);
        ps.setBigDecimal(++i, row.revenue());
        ps.setLong(++i, row.itemsSold);
        ps.setDouble(++i, row.conversionRate());
        ps.setDouble(++i, row.buyerConversion());
        ps.setBigDecimal(++i, row.avgOrderValue());
        ps.setDouble(++i, row.itemsPerOrder());
        ps.setBigDecimal(++i, row.arpu());
        ps.setBigDecimal(++i, row.arppu());
        ps.setLong(++i, row.version);
    }
}
