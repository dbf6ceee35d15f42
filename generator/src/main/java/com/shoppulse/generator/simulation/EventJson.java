package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shoppulse.generator.shop.Product;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes the shop's events as event contract v1 says, fields in the contract's order. */
final class EventJson {

    static final String VIEW = "view";
    static final String ADD_TO_CART = "add_to_cart";
    static final String ORDER = "order";

    // Always three fraction digits, unlike ISO_INSTANT, so that every event time has the
    // same shape.
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventJson() {}

    static ObjectNode view(String eventId, long epochMilli, Visit visit, Product product) {
        ObjectNode event = header(eventId, VIEW, epochMilli, visit);
        putProduct(event, product);
        return event;
    }

    static ObjectNode addToCart(
            String eventId, long epochMilli, Visit visit, Product product, int quantity) {
        ObjectNode event = header(eventId, ADD_TO_CART, epochMilli, visit);
        putProduct(event, product);
        event.put("quantity", quantity);
        return event;
    }

    static ObjectNode order(
            String eventId, long epochMilli, Visit visit, String orderId, List<OrderLine> lines) {
        ObjectNode event = header(eventId, ORDER, epochMilli, visit);
        event.put("order_id", orderId);
        ArrayNode items = event.putArray("items");
        long amount = 0;
        for (OrderLine line : lines) {
            ObjectNode item = items.addObject();
            putProduct(item, line.product());
            item.put("quantity", line.quantity());
            amount += line.totalKopecks();
        }
        event.put("amount", BigDecimal.valueOf(amount, 2));
        event.put("currency", "RUB");
        return event;
    }

    static String eventTime(long epochMilli) {
        return EVENT_TIME.format(Instant.ofEpochMilli(epochMilli));
    }

    private static ObjectNode header(String eventId, String type, long epochMilli, Visit visit) {
        ObjectNode event = NODES.objectNode();
        event.put("event_id", eventId);
        event.put("event_type", type);
        event.put("event_time", eventTime(epochMilli));
        event.put("user_id", visit.user().id());
        event.put("session_id", visit.sessionId());
        event.put("city", visit.user().city());
        event.put("device", visit.user().device().id());
        event.put("channel", visit.channel().id());
        return event;
    }

    private static void putProduct(ObjectNode node, Product product) {
        node.put("product_id", product.id());
        node.put("category", product.category().name());
        node.put("brand", product.brand());
        node.put("price", product.price());
    }
}
