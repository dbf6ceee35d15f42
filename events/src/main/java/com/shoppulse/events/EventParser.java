package com.shoppulse.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses and validates one record value of event contract v1. Every rule of the contract is checked
 * here and nowhere else, so the metrics job, the generator's tests and the docs agree.
 *
 * <p>Thread-safe: the strict mapper is shared, and nothing else is kept between records.
 */
public final class EventParser {
    /** Times outside this range are typos or unit mistakes (seconds for milliseconds), not data. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** Longer strings are not ids or names but garbage, and would bloat state and tables. */
    static final int MAX_TEXT_LENGTH = 256;

    /**
     * A record value larger than this is no event but an accident or an attack; it is rejected
     * before any parsing, so no record can cost more than a few milliseconds.
     */
    public static final int MAX_RECORD_BYTES = 256 * 1024;

    /** More lines than any real basket; keeps an order's dead letter and state small. */
    static final int MAX_ITEMS = 1_000;

    /**
     * JSON tokens in one record. The largest valid event, an order of {@link #MAX_ITEMS} lines with
     * every field, has about 14,000; a record of many tiny values just under the size cap, like
     * {@code [0,0,0,...]}, would have 130,000 and cost milliseconds to read whole, so reading stops
     * here.
     */
    static final long MAX_TOKENS = 20_000;

    /**
     * The largest price or amount, in kopecks: 100 billion roubles. ClickHouse keeps money as
     * {@code Decimal(18, 2)} (below 10^18 kopecks), so a window needs 100,000 such orders before
     * its revenue could overflow; a single value can never make an insert fail.
     */
    static final long MAX_MONEY_MINOR = 10_000_000_000_000L;

    /** Units of one line; {@code UInt32} in ClickHouse, and no shop sells a million at once. */
    static final int MAX_QUANTITY = 1_000_000;

    private static final long AMOUNT_TOLERANCE_MINOR = 1;

    private static final BigDecimal MAX_MONEY = BigDecimal.valueOf(MAX_MONEY_MINOR, 2);

    /**
     * Strict JSON: one value per record (trailing content is an error), a key at most once, short
     * numbers and shallow nesting, so that no record is ambiguous or expensive to read.
     */
    private static final ObjectMapper MAPPER =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(16)
                                                    .maxNumberLength(32)
                                                    .maxStringLength(MAX_RECORD_BYTES)
                                                    .maxTokenCount(MAX_TOKENS)
                                                    .build())
                                    .build())
                    // Checked while the tree is built, from what putting a key returns; the
                    // parser's own duplicate detection kept a set of names per object (about 1 %
                    // of the metrics job's CPU in a profile).
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    private final String reportingCurrency;

    public EventParser(String reportingCurrency) {
        this.reportingCurrency = reportingCurrency;
    }

    /**
     * Parses a record value as it came from Kafka: at most {@link #MAX_RECORD_BYTES}, strict UTF-8
     * (an invalid sequence is an error, never silently replaced), then {@link #parse(String)}.
     */
    public ShopEvent parse(byte[] value) throws InvalidEventException {
        if (value == null) {
            return parse((String) null);
        }
        if (value.length > MAX_RECORD_BYTES) {
            throw new InvalidEventException(
                    RejectReason.TOO_LARGE,
                    "the record is "
                            + value.length
                            + " bytes, more than the "
                            + MAX_RECORD_BYTES
                            + " an event may have");
        }
        StrictUtf8.Verdict verdict = StrictUtf8.check(value);
        if (verdict == StrictUtf8.Verdict.MALFORMED) {
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON, "the record value is not valid UTF-8");
        }
        // Jackson takes bytes with a NUL, or that start as a byte-order mark does, for UTF-16 or
        // UTF-32 (or skips the mark): those are read as text, with the same verdicts as before.
        if (verdict == StrictUtf8.Verdict.VALID_WITH_NUL
                || value.length > 0 && (value[0] & 0xFF) == 0xEF) {
            return parse(new String(value, StandardCharsets.UTF_8));
        }
        return parse(readTree(value));
    }

    public ShopEvent parse(String payload) throws InvalidEventException {
        return parse(readTree(payload));
    }

    private ShopEvent parse(JsonNode root) throws InvalidEventException {
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
        if (items.size() > MAX_ITEMS) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    "items has " + items.size() + " lines, more than " + MAX_ITEMS);
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
        return payload == null ? checkedRoot(null) : readTree(() -> MAPPER.readTree(payload));
    }

    /** Well-formed UTF-8 with no NUL byte or byte-order mark: Jackson reads it as UTF-8. */
    private JsonNode readTree(byte[] utf8) throws InvalidEventException {
        return readTree(() -> MAPPER.readTree(utf8));
    }

    private interface TreeReader {
        JsonNode read() throws IOException;
    }

    private static JsonNode readTree(TreeReader reader) throws InvalidEventException {
        JsonNode root;
        try {
            root = reader.read();
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            // Jackson reports some constraint breaches (e.g. a number too long) this way.
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON, "not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON, "not valid JSON: " + e.getMessage());
        }
        return checkedRoot(root);
    }

    private static JsonNode checkedRoot(JsonNode root) throws InvalidEventException {
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
            long simple = IsoInstant.millis(node.asText());
            try {
                time =
                        simple != IsoInstant.NOT_SIMPLE
                                ? Instant.ofEpochMilli(simple)
                                : OffsetDateTime.parse(
                                                node.asText(), DateTimeFormatter.ISO_DATE_TIME)
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

    /** Within the length limit, and text that UTF-8 can carry: no unpaired surrogate. */
    private static String checkedLength(String text, String field) throws InvalidEventException {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(
                        RejectReason.INVALID_VALUE,
                        field + " holds a lone surrogate (\\u" + Integer.toHexString(c) + ")");
            }
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
        } else if (value.isTextual() && value.asText().length() <= 32) {
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
        // Compared before any conversion: an exponent like 1e10000000 would otherwise cost
        // seconds and megabytes to spell out.
        if (amount.compareTo(MAX_MONEY) > 0) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    path + field + " is more than " + MAX_MONEY.toPlainString());
        }
        if (amount.signum() != 0 && amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, path + field + " has more than 2 decimals");
        }
        return amount.movePointRight(2).longValueExact();
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
        if (!value.isIntegralNumber()) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, path + field + " must be a whole number");
        }
        if (!value.canConvertToInt() || value.intValue() < 1 || value.intValue() > MAX_QUANTITY) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    path + field + " must be from 1 to " + MAX_QUANTITY);
        }
        return value.intValue();
    }

    private static InvalidEventException missing(String field) {
        return new InvalidEventException(RejectReason.MISSING_FIELD, field + " is required");
    }
}
