package com.shoppulse.clickhouse;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;

/** A counted event as a row of {@code events_raw}, order lines as the arrays of {@code items}. */
final class RawEventStatement implements RowFormat<ShopEvent, RowBinary> {
    private static final long serialVersionUID = 1L;
    private static final OrderItem[] NO_ITEMS = new OrderItem[0];

    @Override
    public RowBinary newBuffer() {
        return new RowBinary();
    }

    @Override
    public void write(RowBinary row, ShopEvent e) {
        boolean order = e.type == EventType.ORDER;
        row.string("dedup_key", e.dedupKey())
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
                .uint32("quantity", order ? 0 : e.quantity)
                .string("order_id", order ? e.orderId : "")
                .money("amount", order ? e.amountMinor : 0);
        OrderItem[] items = order ? e.items : NO_ITEMS;
        row.strings("items.product_id", items, item -> item.productId)
                .strings("items.category", items, item -> item.category)
                .strings("items.brand", items, item -> item.brand)
                .moneys("items.price", items, item -> item.priceMinor)
                .uint32s("items.quantity", items, item -> item.quantity);
    }
}
