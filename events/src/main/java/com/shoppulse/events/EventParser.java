package com.shoppulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses and validates one record value of event contract v1. Every rule of the contract is checked
 * here and nowhere else, so the metrics job, the generator's tests and the docs agree.
 *
 * <p>Not thread-safe in spirit (one per operator instance), though Jackson's mapper would allow it.
 */
public final class EventParser {
    /** Times outside this range are typos or unit mistakes (seconds for milliseconds), not data. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** Longer strings are not ids or names but garbage, and would bloat state and tables. */
    static final int MAX_TEXT_LENGTH = 256;

    private static final long AMOUNT_TOLERANCE_MINOR = 1;

    private final ObjectMapper mapper =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final String reportingCurrency;

    public EventParser(String reportingCurrency) {
        this.reportingCurrency = reportingCurrency;
    }

    public ShopEvent parse(String payload) throws InvalidEventException {
        JsonNode root = readTree(payload);
        ShopEvent event = new ShopEvent();
        event.eventId = requiredText(root, "event_id");
        String typeName = requiredText(root, "event_type");
        event.type =
                EventType.fromWireName(typeName)
                        .orElseThrow(
                                () ->
                                        new InvalidEventException(
                                                RejectReason.UNKNOWN_EVENT_TYPE,
                                                "event_type '"
                                                        + typeName
                                                        + "' is not one of view, add_to_cart, order"));
        event.eventTimeMillis = eventTime(root);
        event.userId = requiredText(root, "user_id");
        event.sessionId = optionalText(root, "session_id");
        event.city = optionalText(root, "city");
        event.device = optionalText(root, "device");
        event.channel = optionalText(root, "channel");
        if (event.type == EventType.ORDER) {
            parseOrder(root, event);
        } else {
            event.productId = requiredText(root, "product_id");
            event.category = requiredText(root, "category");
            event.brand = optionalText(root, "brand");
            event.priceMinor = money(root, "price");
            event.quantity = event.type == EventType.ADD_TO_CART ? quantity(root, "quantity") : 1;
        }
        return event;
    }

    private void parseOrder(JsonNode root, ShopEvent event) throws InvalidEventException {
        event.orderId = requiredText(root, "order_id");
        JsonNode items = root.get("items");
        if (items == null || items.isNull()) {
            throw missing("items");
        }
        if (!items.isArray()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "items must be an array");
        }
        if (items.isEmpty()) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "items must not be empty");
        }
        event.items = new OrderItem[items.size()];
        long itemsTotal = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new InvalidEventException(
                        RejectReason.WRONG_TYPE, "items[" + i + "] must be an object");
            }
            OrderItem line =
                    new OrderItem(
                            requiredText(item, "product_id", "items[" + i + "]."),
                            requiredText(item, "category", "items[" + i + "]."),
                            optionalText(item, "brand"),
                            money(item, "price", "items[" + i + "]."),
                            quantity(item, "quantity", "items[" + i + "]."));
            event.items[i] = line;
            try {
                itemsTotal =
                        Math.addExact(
                                itemsTotal, Math.multiplyExact(line.priceMinor, line.quantity));
            } catch (ArithmeticException e) {
                throw new InvalidEventException(
                        RejectReason.INVALID_VALUE, "the items' total is too large");
            }
        }
        event.amountMinor = money(root, "amount");
        if (Math.abs(event.amountMinor - itemsTotal) > AMOUNT_TOLERANCE_MINOR) {
            throw new InvalidEventException(
                    RejectReason.AMOUNT_MISMATCH,
                    "amount "
                            + BigDecimal.valueOf(event.amountMinor, 2)
                            + " differs from the items' total "
                            + BigDecimal.valueOf(itemsTotal, 2)
                            + " by more than 0.01");
        }
        JsonNode currency = root.get("currency");
        if (currency != null && !currency.isNull()) {
            if (!currency.isTextual() || !reportingCurrency.equals(currency.asText())) {
                throw new InvalidEventException(
                        RejectReason.UNKNOWN_CURRENCY,
                        "currency '"
                                + currency.asText()
                                + "' is not the reporting currency "
                                + reportingCurrency);
            }
        }
    }

    private JsonNode readTree(String payload) throws InvalidEventException {
        JsonNode root;
        try {
            root = payload == null ? null : mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON, "the record value must be a JSON object");
        }
        return root;
    }

    private static long eventTime(JsonNode root) throws InvalidEventException {
        JsonNode node = root.get("event_time");
        if (node == null || node.isNull()) {
            throw missing("event_time");
        }
        Instant time;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            time = Instant.ofEpochMilli(node.longValue());
        } else if (node.isTextual()) {
            try {
                time =
                        OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_DATE_TIME)
                                .toInstant();
            } catch (DateTimeException e) {
                throw new InvalidEventException(
                        RejectReason.INVALID_TIME,
                        "event_time '"
                                + node.asText()
                                + "' is not an ISO-8601 instant with Z or an offset");
            }
        } else {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE,
                    "event_time must be an ISO-8601 string or epoch milliseconds");
        }
        if (time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
            throw new InvalidEventException(
                    RejectReason.INVALID_TIME,
                    "event_time " + time + " is outside " + EARLIEST + " .. " + LATEST);
        }
        return time.toEpochMilli();
    }

    private static String requiredText(JsonNode node, String field) throws InvalidEventException {
        return requiredText(node, field, "");
    }

    private static String requiredText(JsonNode node, String field, String path)
            throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(path + field);
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, path + field + " must be a string");
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD, path + field + " must not be empty");
        }
        return checkedLength(text, path + field);
    }

    private static String optionalText(JsonNode node, String field) throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return ShopEvent.UNKNOWN;
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, field + " must be a string");
        }
        String text = value.asText().strip();
        return text.isEmpty() ? ShopEvent.UNKNOWN : checkedLength(text, field);
    }

    private static String checkedLength(String text, String field) throws InvalidEventException {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return text;
    }

    private static long money(JsonNode node, String field) throws InvalidEventException {
        return money(node, field, "");
    }

    /** A non-negative amount with at most two decimals, as a JSON number or a numeric string. */
    private static long money(JsonNode node, String field, String path)
            throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(path + field);
        }
        BigDecimal amount;
        if (value.isNumber()) {
            amount = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                amount = new BigDecimal(value.asText().strip());
            } catch (NumberFormatException e) {
                throw new InvalidEventException(
                        RejectReason.WRONG_TYPE,
                        path + field + " '" + value.asText() + "' is not a decimal number");
            }
        } else {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, path + field + " must be a decimal number");
        }
        if (amount.signum() < 0) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, path + field + " must not be negative");
        }
        try {
            return amount.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    path
                            + field
                            + " "
                            + amount.toPlainString()
                            + " has more than 2 decimals or is too large");
        }
    }

    private static int quantity(JsonNode node, String field) throws InvalidEventException {
        return quantity(node, field, "");
    }

    /** A missing quantity means one unit; anything present must be a whole number of at least 1. */
    private static int quantity(JsonNode node, String field, String path)
            throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, path + field + " must be a whole number");
        }
        if (value.intValue() < 1) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, path + field + " must be at least 1");
        }
        return value.intValue();
    }

    private static InvalidEventException missing(String field) {
        return new InvalidEventException(RejectReason.MISSING_FIELD, field + " is required");
    }
}
