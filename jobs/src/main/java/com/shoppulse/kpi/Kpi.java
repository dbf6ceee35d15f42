package com.shoppulse.kpi;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The KPIs of a {@link KpiRow} by their column names, as rules and dashboards name them. */
public enum Kpi {
    ACTIVE_USERS("active_users", r -> r.activeUsers),
    VIEWS("views", r -> r.views),
    ADD_TO_CARTS("add_to_carts", r -> r.addToCarts),
    ORDERS("orders", r -> r.orders),
    BUYERS("buyers", r -> r.buyers),
    REVENUE("revenue", r -> r.revenue().doubleValue()),
    ITEMS_SOLD("items_sold", r -> r.itemsSold),
    CONVERSION_RATE("conversion_rate", KpiRow::conversionRate),
    BUYER_CONVERSION("buyer_conversion", KpiRow::buyerConversion),
    AVG_ORDER_VALUE("avg_order_value", r -> r.avgOrderValue().doubleValue()),
    ITEMS_PER_ORDER("items_per_order", KpiRow::itemsPerOrder),
    ARPU("arpu", r -> r.arpu().doubleValue()),
    ARPPU("arppu", r -> r.arppu().doubleValue());

    private final String column;
    private final ToDoubleFunction<KpiRow> value;

    Kpi(String column, ToDoubleFunction<KpiRow> value) {
        this.column = column;
        this.value = value;
    }

    public String column() {
        return column;
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
