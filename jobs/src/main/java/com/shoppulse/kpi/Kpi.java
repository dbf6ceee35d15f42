package com.shoppulse.kpi;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The KPIs of a {@link KpiRow} by their column names, as rules and dashboards name them, with the
 * kind of number each is: how ClickHouse stores it and how a message shows it follow from that
 * ({@code KpiSchemaIT} checks the tables and views against this list).
 */
public enum Kpi {
    ACTIVE_USERS("active_users", Kind.COUNT, r -> r.activeUsers),
    VIEWS("views", Kind.COUNT, r -> r.views),
    ADD_TO_CARTS("add_to_carts", Kind.COUNT, r -> r.addToCarts),
    ORDERS("orders", Kind.COUNT, r -> r.orders),
    BUYERS("buyers", Kind.COUNT, r -> r.buyers),
    REVENUE("revenue", Kind.MONEY, r -> r.revenue().doubleValue()),
    ITEMS_SOLD("items_sold", Kind.COUNT, r -> r.itemsSold),
    CONVERSION_RATE("conversion_rate", Kind.SHARE, KpiRow::conversionRate),
    BUYER_CONVERSION("buyer_conversion", Kind.SHARE, KpiRow::buyerConversion),
    AVG_ORDER_VALUE("avg_order_value", Kind.MONEY, r -> r.avgOrderValue().doubleValue()),
    ITEMS_PER_ORDER("items_per_order", Kind.AVERAGE, KpiRow::itemsPerOrder),
    ARPU("arpu", Kind.MONEY, r -> r.arpu().doubleValue()),
    ARPPU("arppu", Kind.MONEY, r -> r.arppu().doubleValue());

    /** What kind of number a KPI is. */
    public enum Kind {
        /** A whole number of users, events or items: {@code UInt64}. */
        COUNT,
        /** Roubles and kopecks, exact: {@code Decimal(18, 2)}. */
        MONEY,
        /** A ratio of two counts, shown as a percentage: {@code Float64}. */
        SHARE,
        /** A mean that is not money, such as items per order: {@code Float64}. */
        AVERAGE
    }

    private final String column;
    private final Kind kind;
    private final ToDoubleFunction<KpiRow> value;

    Kpi(String column, Kind kind, ToDoubleFunction<KpiRow> value) {
        this.column = column;
        this.kind = kind;
        this.value = value;
    }

    public String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    public double of(KpiRow row) {
        return value.applyAsDouble(row);
    }

    public static Optional<Kpi> fromColumn(String column) {
        return Arrays.stream(values()).filter(k -> k.column.equals(column)).findFirst();
    }

    public static String columns() {
        return Arrays.stream(values()).map(Kpi::column).collect(Collectors.joining(", "));
    }
}
