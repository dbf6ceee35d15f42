package com.shoppulse.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The KPIs of one window for one (dimension, value), as written to ClickHouse. Counts are exact;
 * money is in minor units and the money ratios are rounded half-up to the kopeck. A ratio whose
 * denominator is zero is zero.
 */
public class KpiRow {
    public long windowSeconds;
    public long windowStartMillis;
    public long windowEndMillis;
    public String dimension;
    public String dimensionValue;
    public long activeUsers;
    public long views;
    public long addToCarts;
    public long orders;
    public long buyers;
    public long itemsSold;
    public long revenueMinor;

    /** Grows with every update of the window, so the table keeps the newest row of a window. */
    public long version;

    public KpiRow() {}

    public boolean isOverall() {
        return Dimension.OVERALL.column().equals(dimension);
    }

    public BigDecimal revenue() {
        return BigDecimal.valueOf(revenueMinor, 2);
    }

    public double conversionRate() {
        return ratio(orders, views);
    }

    public double buyerConversion() {
        return ratio(buyers, activeUsers);
    }

    public double itemsPerOrder() {
        return ratio(itemsSold, orders);
    }

    public BigDecimal avgOrderValue() {
        return moneyPer(orders);
    }

    public BigDecimal arpu() {
        return moneyPer(activeUsers);
    }

    public BigDecimal arppu() {
        return moneyPer(buyers);
    }

    private BigDecimal moneyPer(long count) {
        if (count == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(revenueMinor)
                .divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP)
                .movePointLeft(2);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    @Override
    public String toString() {
        return windowSeconds
                + "s@"
                + windowStartMillis
                + " "
                + dimension
                + "="
                + dimensionValue
                + " users="
                + activeUsers
                + " views="
                + views
                + " carts="
                + addToCarts
                + " orders="
                + orders
                + " buyers="
                + buyers
                + " items="
                + itemsSold
                + " revenue="
                + revenue()
                + " v"
                + version;
    }
}
