package com.shoppulse.metrics;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What one event adds to which breakdown: the whole shop, its city, device and channel, and each
 * category and brand it touches. For an order, a category or brand gets the items' quantity and
 * revenue, and the order counts once for every category or brand it contains.
 *
 * <p>One instance is filled again for every event ({@link #of}), so the hot path allocates nothing
 * but the map an order's lines are grouped in.
 */
final class Breakdowns {
    private final Kpi.Contribution contribution = new Kpi.Contribution();
    private int size;
    // Room for any event but an order of many categories and brands, which grows them.
    private Dimension[] dimensions = new Dimension[16];
    private String[] values = new String[16];
    private long[] items = new long[16];
    private long[] revenue = new long[16];

    /** Fills this with {@code e}'s contributions and returns it. */
    Breakdowns of(ShopEvent e) {
        size = 0;
        contribution.event = e;
        if (e.type == EventType.ORDER) {
            long quantity = e.itemsSold();
            add(Dimension.OVERALL, Dimension.OVERALL_VALUE, quantity, e.amountMinor);
            add(Dimension.CITY, e.city, quantity, e.amountMinor);
            add(Dimension.DEVICE, e.device, quantity, e.amountMinor);
            add(Dimension.CHANNEL, e.channel, quantity, e.amountMinor);
            byItem(e.items, Dimension.CATEGORY, item -> item.category);
            byItem(e.items, Dimension.BRAND, item -> item.brand);
        } else {
            add(Dimension.OVERALL, Dimension.OVERALL_VALUE, 0, 0);
            add(Dimension.CITY, e.city, 0, 0);
            add(Dimension.DEVICE, e.device, 0, 0);
            add(Dimension.CHANNEL, e.channel, 0, 0);
            add(Dimension.CATEGORY, e.category, 0, 0);
            add(Dimension.BRAND, e.brand, 0, 0);
        }
        return this;
    }

    int size() {
        return size;
    }

    Dimension dimension(int i) {
        return dimensions[i];
    }

    String value(int i) {
        return values[i];
    }

    /** Adds contribution {@code i} of the user with dense index {@code user} to {@code totals}. */
    void addTo(KpiAccumulator totals, int i, int user) {
        contribution.items = items[i];
        contribution.revenueMinor = revenue[i];
        totals.add(user, contribution);
    }

    private void byItem(
            OrderItem[] lines, Dimension dimension, Function<OrderItem, String> valueOf) {
        Map<String, long[]> byValue = new LinkedHashMap<>();
        for (OrderItem line : lines) {
            long[] sums = byValue.computeIfAbsent(valueOf.apply(line), v -> new long[2]);
            sums[0] += line.quantity;
            sums[1] += line.lineTotalMinor();
        }
        byValue.forEach((value, sums) -> add(dimension, value, sums[0], sums[1]));
    }

    private void add(Dimension dimension, String value, long quantity, long revenueMinor) {
        if (size == dimensions.length) {
            grow();
        }
        dimensions[size] = dimension;
        values[size] = value;
        items[size] = quantity;
        revenue[size] = revenueMinor;
        size++;
    }

    private void grow() {
        int capacity = dimensions.length * 2;
        dimensions = Arrays.copyOf(dimensions, capacity);
        values = Arrays.copyOf(values, capacity);
        items = Arrays.copyOf(items, capacity);
        revenue = Arrays.copyOf(revenue, capacity);
    }
}
