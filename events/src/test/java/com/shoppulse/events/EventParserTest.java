package com.shoppulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private final EventParser parser = new EventParser("RUB");

    private static final String VIEW =
            "{\"event_id\":\"e1\",\"event_type\":\"view\",\"event_time\":\"2026-11-23T10:15:30.123Z\","
                    + "\"user_id\":\"u1\",\"session_id\":\"s1\",\"city\":\"Москва\",\"device\":\"mobile\","
                    + "\"channel\":\"ads\",\"product_id\":\"p1\",\"category\":\"phones\","
                    + "\"brand\":\"Acme\",\"price\":1299.90}";

    private static final String ORDER =
            "{\"event_id\":\"e2\",\"event_type\":\"order\",\"event_time\":1763892930123,"
                    + "\"user_id\":\"u1\",\"order_id\":\"o1\",\"currency\":\"RUB\",\"amount\":2699.80,"
                    + "\"items\":[{\"product_id\":\"p1\",\"category\":\"phones\",\"brand\":\"Acme\","
                    + "\"price\":1299.90,\"quantity\":2},{\"product_id\":\"p2\",\"category\":\"cases\","
                    + "\"price\":\"100\",\"quantity\":1}]}";

    @Test
    void parsesAView() throws Exception {
        ShopEvent e = parser.parse(VIEW);

        assertThat(e.type).isEqualTo(EventType.VIEW);
        assertThat(e.eventId).isEqualTo("e1");
        assertThat(e.eventTimeMillis)
                .isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli());
        assertThat(e.city).isEqualTo("Москва");
        assertThat(e.priceMinor).isEqualTo(129_990);
        assertThat(e.quantity).isEqualTo(1);
        assertThat(e.dedupKey()).isEqualTo("event:e1");
        assertThat(e.itemsSold()).isZero();
    }

    @Test
    void parsesAnOrderWithEpochMillisAndDefaults() throws Exception {
        ShopEvent e = parser.parse(ORDER);

        assertThat(e.type).isEqualTo(EventType.ORDER);
        assertThat(e.eventTimeMillis).isEqualTo(1763892930123L);
        assertThat(e.amountMinor).isEqualTo(269_980);
        assertThat(e.items)
                .containsExactly(
                        new OrderItem("p1", "phones", "Acme", 129_990, 2),
                        new OrderItem("p2", "cases", ShopEvent.UNKNOWN, 10_000, 1));
        assertThat(e.itemsSold()).isEqualTo(3);
        assertThat(e.city).isEqualTo(ShopEvent.UNKNOWN);
        assertThat(e.sessionId).isEqualTo(ShopEvent.UNKNOWN);
        assertThat(e.dedupKey()).isEqualTo("order:o1");
    }

    @Test
    void acceptsAnOffsetTimeAndDefaultsTheCartQuantity() throws Exception {
        ShopEvent e =
                parser.parse(
                        VIEW.replace("\"view\"", "\"add_to_cart\"")
                                .replace(
                                        "2026-11-23T10:15:30.123Z",
                                        "2026-11-23T13:15:30.123+03:00"));

        assertThat(e.type).isEqualTo(EventType.ADD_TO_CART);
        assertThat(e.quantity).isEqualTo(1);
        assertThat(e.eventTimeMillis)
                .isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli());
    }

    @Test
    void acceptsAZoneIdAfterTheOffsetAndAMoneyStringWithAnExponent() throws Exception {
        ShopEvent e =
                parser.parse(
                        VIEW.replace("2026-11-23T10:15:30.123Z", "2026-11-23T10:15:30.123Z[UTC]")
                                .replace("1299.90", "\" 1.2999e3 \""));

        assertThat(e.eventTimeMillis)
                .isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli());
        assertThat(e.priceMinor).isEqualTo(129_990);
    }

    @Test
    void toleratesAKopeckOfRoundingInTheAmount() throws Exception {
        assertThat(parser.parse(ORDER.replace("2699.80", "2699.81")).amountMinor)
                .isEqualTo(269_981);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|{oops|invalid_json",
                "an array|[1,2]|invalid_json",
                "empty|''|invalid_json",
                "no event_id|" + "{\"event_type\":\"view\"}|missing_field",
                "blank user|VIEW:\"u1\"=\"  \"|missing_field",
                "numeric user|VIEW:\"u1\"=42|wrong_type",
                "unknown type|VIEW:\"view\"=\"click\"|unknown_event_type",
                "bad time|VIEW:\"2026-11-23T10:15:30.123Z\"=\"yesterday\"|invalid_time",
                "time without zone|VIEW:\"2026-11-23T10:15:30.123Z\"=\"2026-11-23T10:15:30\"|invalid_time",
                "absurd time|VIEW:\"2026-11-23T10:15:30.123Z\"=\"1970-01-01T00:00:00Z\"|invalid_time",
                "seconds not millis|VIEW:\"2026-11-23T10:15:30.123Z\"=1763892930|invalid_time",
                "boolean time|VIEW:\"2026-11-23T10:15:30.123Z\"=true|wrong_type",
                "negative price|VIEW:1299.90=-1|invalid_value",
                "sub-kopeck price|VIEW:1299.90=1.001|invalid_value",
                "price as words|VIEW:1299.90=\"cheap\"|wrong_type",
                "no category|VIEW:\"category\"=\"x\"|missing_field",
                "zero quantity|ORDER:\"quantity\":1=\"quantity\":0|invalid_value",
                "fractional quantity|ORDER:\"quantity\":1=\"quantity\":1.5|wrong_type",
                "amount mismatch|ORDER:2699.80=2699.00|amount_mismatch",
                "other currency|ORDER:\"RUB\"=\"USD\"|unknown_currency",
                "empty items|ORDER:\"items\":[=\"items\":[],\"x\":[|invalid_value",
                "items not array|ORDER:\"items\":[=\"items\":{},\"x\":[|wrong_type",
                "no order_id|ORDER:\"order_id\"=\"oid\"|missing_field",
                "huge quantity|ORDER:\"quantity\":2=\"quantity\":2000000000|invalid_value",
                "quantity past UInt32|ORDER:\"quantity\":2=\"quantity\":4294967296|invalid_value",
                "trailing garbage|VIEW:1299.90}=1299.90} 7|invalid_json",
                "two objects|VIEW:1299.90}=1299.90}{\"event_id\":\"e9\"}|invalid_json",
                "duplicate key|VIEW:\"user_id\":\"u1\"=\"user_id\":\"u1\",\"user_id\":\"u2\"|invalid_json",
                "duplicate key in an order line|ORDER:\"quantity\":1=\"quantity\":1,\"quantity\":2|invalid_json",
                "lone surrogate|VIEW:\"Москва\"=\"M\\ud800w\"|invalid_value",
                "reversed surrogates|VIEW:\"Москва\"=\"\\udc00\\ud800\"|invalid_value",
                "NaN price|VIEW:1299.90=NaN|invalid_json",
                "infinite price|VIEW:1299.90=Infinity|invalid_json",
                "huge exponent|VIEW:1299.90=1e1000000|invalid_value",
                "huger exponent|VIEW:1299.90=1e10000000|invalid_value",
                "tiny exponent|VIEW:1299.90=1e-10000000|invalid_value",
                "long number|VIEW:1299.90=1000000000000000000000000000000000000000|invalid_json",
                "price over Decimal(18,2)|VIEW:1299.90=100000000000.01|invalid_value",
                "amount over Decimal(18,2)|ORDER:2699.80=90000000000000000.00|invalid_value",
                "long numeric string|VIEW:1299.90=\"1000000000000000000000000000000000000000\"|wrong_type",
            })
    void rejectsWithAMachineReadableReason(String name, String input, String reason) {
        assertThatThrownBy(() -> parser.parse(payload(input)))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidEventException) e).reason().code())
                                        .isEqualTo(reason))
                .hasMessageNotContaining("null")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void rejectsOverflowingTotalsWithoutCrashing() {
        String huge =
                ORDER.replace("1299.90,\"quantity\":2", "92233720368547758.07,\"quantity\":2");
        assertThatThrownBy(() -> parser.parse(huge))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidEventException) e).reason())
                                        .isEqualTo(RejectReason.INVALID_VALUE));
    }

    @Test
    void acceptsTheLargestValuesItsColumnsHoldAndPairedSurrogates() throws Exception {
        ShopEvent e =
                parser.parse(VIEW.replace("1299.90", "100000000000.00").replace("Москва", "😀🏙"));

        assertThat(e.priceMinor).isEqualTo(EventParser.MAX_MONEY_MINOR);
        assertThat(e.city).isEqualTo("😀🏙");
    }

    @Test
    void rejectsDeepNestingQuicklyWithAShortReason() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertRejected(deep, RejectReason.INVALID_JSON);
    }

    @Test
    void rejectsMoreItemsThanAnyBasket() {
        assertRejected(orderOf(EventParser.MAX_ITEMS + 1), RejectReason.INVALID_VALUE);
    }

    @Test
    void takesTheLargestBasketWithEveryField() throws Exception {
        assertThat(parser.parse(orderOf(EventParser.MAX_ITEMS)).items)
                .hasSize(EventParser.MAX_ITEMS);
    }

    @Test
    void stopsReadingARecordOfTooManyTinyValues() {
        String dense = "{\"extra\":[" + "0,".repeat(130_000) + "0]}";
        assertThat(dense.length()).isLessThan(EventParser.MAX_RECORD_BYTES);

        assertThatThrownBy(() -> parser.parse(dense))
                .hasMessageContaining("Token count")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_JSON);
    }

    /** An order of {@code lines} lines of one rouble each, every field of a line set. */
    private static String orderOf(int lines) {
        String line =
                "{\"product_id\":\"p\",\"category\":\"c\",\"brand\":\"b\",\"price\":1,"
                        + "\"quantity\":1,\"name\":\"n\"}";
        String items = String.join(",", java.util.Collections.nCopies(lines, line));
        return ORDER.replaceFirst("\"items\":\\[.*\\]", "\"items\":[" + items + "]")
                .replace("2699.80", lines + ".00");
    }

    @Test
    void readsStrictUtf8AndBoundsTheRecordSize() throws Exception {
        assertThat(parser.parse(VIEW.getBytes(StandardCharsets.UTF_8)).city).isEqualTo("Москва");

        byte[] invalid = VIEW.replace("Москва", "Mxx").getBytes(StandardCharsets.UTF_8);
        int at = VIEW.replace("Москва", "Mxx").indexOf("Mxx") + 1;
        invalid[at] = (byte) 0xC3;
        invalid[at + 1] = (byte) 0x28;
        assertThatThrownBy(() -> parser.parse(invalid))
                .hasMessageContaining("UTF-8")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_JSON);

        byte[] encodedSurrogate = VIEW.replace("Москва", "Mxxx").getBytes(StandardCharsets.UTF_8);
        int s = VIEW.replace("Москва", "Mxxx").indexOf("Mxxx") + 1;
        encodedSurrogate[s] = (byte) 0xED;
        encodedSurrogate[s + 1] = (byte) 0xA0;
        encodedSurrogate[s + 2] = (byte) 0x80;
        assertThatThrownBy(() -> parser.parse(encodedSurrogate))
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_JSON);

        byte[] huge = new byte[EventParser.MAX_RECORD_BYTES + 1];
        assertThatThrownBy(() -> parser.parse(huge))
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.TOO_LARGE);
    }

    private void assertRejected(String payload, RejectReason reason) {
        assertThatThrownBy(() -> parser.parse(payload))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(
                        e -> {
                            assertThat(((InvalidEventException) e).reason()).isEqualTo(reason);
                            assertThat(e.getMessage()).hasSizeLessThan(300);
                        });
    }

    /** Builds a payload: either a literal, or "VIEW:old=new" / "ORDER:old=new" replacing text. */
    private static String payload(String spec) {
        for (String base : new String[] {"VIEW", "ORDER"}) {
            if (spec.startsWith(base + ":")) {
                String[] change = spec.substring(base.length() + 1).split("=", 2);
                String template = base.equals("VIEW") ? VIEW : ORDER;
                assertThat(template).contains(change[0]);
                return template.replaceFirst(
                        java.util.regex.Pattern.quote(change[0]),
                        java.util.regex.Matcher.quoteReplacement(change[1]));
            }
        }
        return spec;
    }
}
