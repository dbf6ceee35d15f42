package com.shoppulse.clickhouse;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;

/** A counted event as a row of {@code events_raw}, order lines as the arrays of {@code items}. */
final class RawEventStatement implements JsonRow<ShopEvent> {
    private static final long serialVersionUID = 1L;
    private static final OrderItem[] NO_ITEMS = new OrderItem[0];

    @Override
    public void write(JsonLine line, ShopEvent e) {
        boolean order = e.type == EventType.ORDER;
        line.string("dedup_key", e.dedupKey())
                .string("dedup_user", e.userId)
                .string("event_id", e.eventId)
                .string("event_type", e.type.wireName())
                .dateTime64("event_time", e.eventTimeMillis)
                .string("user_id", e.userId)
                .string("session_id", e.sessionId)
                .string("city", e.city)
                .string("device", e.device)
                .string("channel", e.channel)
                .string("product_id", order ? "" : e.productId)
                .string("category", order ? "" : e.category)
                .string("brand", order ? "" : e.brand)
                .money("price", order ? 0 : e.priceMinor)
                .number("quantity", order ? 0 : e.quantity)
                .string("order_id", order ? e.orderId : "")
                .money("amount", order ? e.amountMinor : 0);
        OrderItem[] items = order ? e.items : NO_ITEMS;
        line.array("items.product_id", items, (l, item) -> l.string(item.productId))
                .array("items.category", items, (l, item) -> l.string(item.category))
                .array("items.brand", items, (l, item) -> l.string(item.brand))
                .array("items.price", items, (l, item) -> l.money(item.priceMinor))
                .array("items.quantity", items, (l, item) -> l.number(item.quantity));
    }
}
