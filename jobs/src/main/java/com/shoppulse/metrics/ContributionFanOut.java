package com.shoppulse.metrics;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits an event into its contributions: the whole shop, its city, device and channel, and each
 * category and brand it touches. For an order, a category or brand gets the items' revenue and
 * quantity, and the order counts once for every category or brand it contains.
 */
public final class ContributionFanOut implements FlatMapFunction<IndexedEvent, KpiContribution> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(IndexedEvent indexed, Collector<KpiContribution> out) {
        ShopEvent e = indexed.event;
        int user = indexed.userIndex;
        out.collect(whole(e, Dimension.OVERALL, Dimension.OVERALL_VALUE, user));
        out.collect(whole(e, Dimension.CITY, e.city, user));
        out.collect(whole(e, Dimension.DEVICE, e.device, user));
        out.collect(whole(e, Dimension.CHANNEL, e.channel, user));
        if (e.type == EventType.ORDER) {
            byItem(e, Dimension.CATEGORY, i -> i.category, user, out);
            byItem(e, Dimension.BRAND, i -> i.brand, user, out);
        } else {
            out.collect(whole(e, Dimension.CATEGORY, e.category, user));
            out.collect(whole(e, Dimension.BRAND, e.brand, user));
        }
    }

    private static KpiContribution whole(ShopEvent e, Dimension dimension, String value, int user) {
        KpiContribution c = new KpiContribution(dimension, value, user);
        switch (e.type) {
            case VIEW:
                c.views = 1;
                break;
            case ADD_TO_CART:
                c.addToCarts = 1;
                break;
            case ORDER:
                c.orders = 1;
                c.itemsSold = e.itemsSold();
                c.revenueMinor = e.amountMinor;
                break;
        }
        return c;
    }

    private static void byItem(
            ShopEvent order,
            Dimension dimension,
            Function<OrderItem, String> valueOf,
            int user,
            Collector<KpiContribution> out) {
        Map<String, KpiContribution> byValue = new LinkedHashMap<>();
        for (OrderItem item : order.items) {
            KpiContribution c =
                    byValue.computeIfAbsent(
                            valueOf.apply(item), v -> new KpiContribution(dimension, v, user));
            c.orders = 1;
            c.itemsSold += item.quantity;
            c.revenueMinor += item.lineTotalMinor();
        }
        byValue.values().forEach(out::collect);
    }
}
