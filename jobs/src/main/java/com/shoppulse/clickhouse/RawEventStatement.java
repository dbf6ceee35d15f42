package com.shoppulse.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import java.math.BigDecimal;

/** A counted event as a row of {@code events_raw}, order lines as the arrays of {@code items}. */
final class RawEventStatement implements JsonRow<ShopEvent> {
    private static final long serialVersionUID = 1L;
    private static final OrderItem[] NO_ITEMS = new OrderItem[0];

    @Override
    public void write(JsonGenerator json, ShopEvent e) throws IOException {
        boolean order = e.type == EventType.ORDER;
        OrderItem[] items = order ? e.items : NO_ITEMS;
        json.writeStringField("dedup_key", e.dedupKey());
        json.writeStringField("event_id", e.eventId);
        json.writeStringField("event_type", e.type.wireName());
        json.writeStringField("event_time", ClickHouseTime.millis(e.eventTimeMillis));
        json.writeStringField("user_id", e.userId);
        json.writeStringField("session_id", e.sessionId);
        json.writeStringField("city", e.city);
        json.writeStringField("device", e.device);
        json.writeStringField("channel", e.channel);
        json.writeStringField("product_id", order ? "" : e.productId);
        json.writeStringField("category", order ? "" : e.category);
        json.writeStringField("brand", order ? "" : e.brand);
        json.writeFieldName("price");
        json.writeNumber(BigDecimal.valueOf(order ? 0 : e.priceMinor, 2));
        json.writeNumberField("quantity", order ? 0 : e.quantity);
        json.writeStringField("order_id", order ? e.orderId : "");
        json.writeFieldName("amount");
        json.writeNumber(BigDecimal.valueOf(order ? e.amountMinor : 0, 2));
        json.writeArrayFieldStart("items.product_id");
        for (OrderItem item : items) {
            json.writeString(item.productId);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("items.category");
        for (OrderItem item : items) {
            json.writeString(item.category);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("items.brand");
        for (OrderItem item : items) {
            json.writeString(item.brand);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("items.price");
        for (OrderItem item : items) {
            json.writeNumber(BigDecimal.valueOf(item.priceMinor, 2));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("items.quantity");
        for (OrderItem item : items) {
            json.writeNumber(item.quantity);
        }
        json.writeEndArray();
    }
}
