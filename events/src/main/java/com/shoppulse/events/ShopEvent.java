package com.shoppulse.events;

import java.util.Arrays;
import java.util.Objects;

/**
 * A valid shop event of contract v1 (see {@code docs/event-contract.md}). A Flink POJO: public
 * fields and a no-argument constructor, so Flink serializes it without Kryo.
 *
 * <p>Optional descriptive fields are never null: a missing value is {@link #UNKNOWN}. Money is in
 * minor units (kopecks) of the reporting currency.
 */
public class ShopEvent {
    public static final String UNKNOWN = "unknown";

    public String eventId;
    public EventType type;
    public long eventTimeMillis;
    public String userId;
    public String sessionId;
    public String city;
    public String device;
    public String channel;

    /** Views and add-to-carts: the product looked at or added. */
    public String productId;

    public String category;
    public String brand;
    public long priceMinor;

    /** Add-to-carts: how many were added; 1 for views. */
    public int quantity;

    /** Orders only. */
    public String orderId;

    public OrderItem[] items;
    public long amountMinor;

    public static final String ORDER_KEY_PREFIX = "order:";
    public static final String EVENT_KEY_PREFIX = "event:";

    public ShopEvent() {}

    /**
     * The identity used for de-duplication: an order is identified by its {@code order_id}, so a
     * re-sent order with a new {@code event_id} is still one order; any other event by its {@code
     * event_id}.
     */
    public String dedupKey() {
        boolean order = type == EventType.ORDER;
        return dedupKey(order, order ? orderId : eventId);
    }

    /** The {@link #dedupKey()} of an order with {@code id} as its order id, or of an event. */
    public static String dedupKey(boolean order, String id) {
        return (order ? ORDER_KEY_PREFIX : EVENT_KEY_PREFIX) + id;
    }

    public int itemsSold() {
        return type == EventType.ORDER ? Arrays.stream(items).mapToInt(i -> i.quantity).sum() : 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ShopEvent)) {
            return false;
        }
        ShopEvent e = (ShopEvent) o;
        return eventTimeMillis == e.eventTimeMillis
                && priceMinor == e.priceMinor
                && quantity == e.quantity
                && amountMinor == e.amountMinor
                && type == e.type
                && Objects.equals(eventId, e.eventId)
                && Objects.equals(userId, e.userId)
                && Objects.equals(sessionId, e.sessionId)
                && Objects.equals(city, e.city)
                && Objects.equals(device, e.device)
                && Objects.equals(channel, e.channel)
                && Objects.equals(productId, e.productId)
                && Objects.equals(category, e.category)
                && Objects.equals(brand, e.brand)
                && Objects.equals(orderId, e.orderId)
                && Arrays.equals(items, e.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, type, eventTimeMillis, userId, orderId);
    }

    @Override
    public String toString() {
        return type + " " + eventId + " @" + eventTimeMillis + " user=" + userId;
    }
}
