package com.shoppulse.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A deterministic stream of records for the integration tests, written independently of the job's
 * parser: valid events out of order, exact duplicates, orders re-sent with a new event id, events
 * late beyond and within the allowed lateness, hostile records of more than 40 kinds ({@link
 * #HOSTILE}: broken JSON, trailing content, duplicate keys, invalid UTF-8, lone surrogates, control
 * characters, NaN, huge exponents and values past their ClickHouse columns, empty and null values,
 * binary; and 100,000-deep, 300 KB, 5 MB and 10,000-line records), each kind at least once, and two
 * valid events from far off times (2099 and 2001) in the middle. Each record keeps the facts the
 * ground truth needs.
 */
final class TestTraffic {
    /** Far enough back that even a benchmark's million records are all in the past. */
    static final Instant START = Instant.parse("2025-11-23T22:30:00Z");

    static final Instant FAR_FUTURE = Instant.parse("2099-06-01T12:00:00Z");
    static final Instant FAR_PAST = Instant.parse("2001-06-01T12:00:00Z");
    static final String[] CITIES = {
        "Moscow", "Москва", "Kazan", "Saint Petersburg", "Омск <&>", "{fn now()} ?"
    };
    static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    static final String[] CHANNELS = {"organic", "ads", "email"};
    static final String[] CATEGORIES = {"phones", "laptops", "audio", "cases"};
    static final String[] BRANDS = {"Acme", "Zed", "Nord", null};

    /**
     * One record as sent: its value's bytes (null for a tombstone); {@code valid} is null for a
     * malformed one, which says what {@code kind} of hostile record it is and why it must be
     * rejected.
     */
    record Sent(String key, byte[] value, Event valid, String kind, String expectedReason) {
        /** A hostile record of a kind its {@link Hostile} names. */
        static Sent hostile(String json, String expectedReason) {
            return hostile(null, json, expectedReason);
        }

        static Sent hostile(String kind, String json, String expectedReason) {
            return new Sent(
                    "k",
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                    null,
                    kind,
                    expectedReason);
        }

        TestServices.Keyed keyed() {
            return new TestServices.Keyed(key, value);
        }

        /** The partition the tests send it to: a user's events stay in one, as with Kafka's. */
        int partition(int partitions) {
            return Math.floorMod(key.hashCode(), partitions);
        }
    }

    /** A kind of hostile record, made from a valid event's JSON. */
    private record Hostile(String kind, Function<ObjectNode, Sent> make) {
        Sent from(ObjectNode validEvent) {
            Sent sent = make.apply(validEvent);
            return new Sent(sent.key(), sent.value(), null, kind, sent.expectedReason());
        }
    }

    /** What a valid record says, in the test's own terms. */
    record Event(
            String eventId,
            String type,
            long time,
            String user,
            String city,
            String device,
            String channel,
            String category,
            String brand,
            long priceMinor,
            int quantity,
            String orderId,
            List<Item> items,
            long amountMinor) {
        String dedupKey() {
            return type.equals("order") ? "order:" + orderId : "event:" + eventId;
        }
    }

    record Item(String category, String brand, long priceMinor, int quantity) {}

    /** Where users come and go, how long each group of new users comes before the next. */
    private static final long ARRIVALS_MILLIS = 20 * 60_000L;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Random random;
    private final boolean usersComeAndGo;
    private final List<Sent> sent = new ArrayList<>();
    private int nextId;

    private TestTraffic(long seed, boolean usersComeAndGo) {
        random = new Random(seed);
        this.usersComeAndGo = usersComeAndGo;
    }

    /**
     * {@code count} records, one every ~2 s of event time, crossing midnight UTC so that two daily
     * windows get rows; the same 150 users all along.
     */
    static List<Sent> generate(long seed, int count) {
        return generate(seed, count, false);
    }

    /**
     * The records of {@link #generate}, but from users who come and go: every 20 minutes of event
     * time, 50 new users come and the 50 who came first of the 150 before leave for good. So each
     * user comes for an hour, and from some time on, the de-duplication forgets users while others
     * are new.
     */
    static List<Sent> generateWithUsersComingAndGoing(long seed, int count) {
        return generate(seed, count, true);
    }

    private static List<Sent> generate(long seed, int count, boolean usersComeAndGo) {
        TestTraffic traffic = new TestTraffic(seed, usersComeAndGo);
        for (int i = 0; i < count; i++) {
            if (i == count / 10) {
                traffic.add(traffic.randomEvent(FAR_FUTURE.toEpochMilli()));
                traffic.add(traffic.randomEvent(FAR_PAST.toEpochMilli()));
                traffic.addHugeRecords();
                traffic.addEveryHostileKind(START.toEpochMilli() + i * 2_000L);
            }
            traffic.next(START.toEpochMilli() + i * 2_000L);
        }
        return traffic.sent;
    }

    /** The records of each partition, in the order they are sent to it. */
    static List<List<Sent>> byPartition(List<Sent> sent, int partitions) {
        List<List<Sent>> lists = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            lists.add(new ArrayList<>());
        }
        sent.forEach(s -> lists.get(s.partition(partitions)).add(s));
        return lists;
    }

    private void next(long now) {
        int roll = random.nextInt(100);
        if (roll < 4 && !sent.isEmpty()) {
            Sent earlier = sent.get(Math.max(0, sent.size() - 1 - random.nextInt(40)));
            sent.add(earlier);
        } else if (roll < 6) {
            sent.add(malformed(now));
        } else if (roll < 8) {
            add(randomEvent(now - 3_600_000L - random.nextInt(600_000)));
        } else if (roll < 11) {
            add(randomEvent(now - 60_000L - random.nextInt(60_000)));
        } else if (roll < 13) {
            resendLastOrder(now);
        } else if (roll < 14) {
            reuseTheIdsOfAnotherUser(now);
        } else {
            add(randomEvent(now - random.nextInt(20_000)));
        }
    }

    private Event randomEvent(long time) {
        long arrivals =
                usersComeAndGo
                        ? Math.floorDiv(time - START.toEpochMilli(), ARRIVALS_MILLIS) * 50
                        : 0;
        String user = "user-" + (arrivals + random.nextInt(150));
        String city = cityOf(user);
        String device = DEVICES[random.nextInt(DEVICES.length)];
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String id = "ev-" + nextId++;
        int roll = random.nextInt(100);
        if (roll < 75) {
            return new Event(
                    id,
                    "view",
                    time,
                    user,
                    city,
                    device,
                    channel,
                    category(),
                    brand(),
                    price(),
                    1,
                    null,
                    null,
                    0);
        }
        if (roll < 90) {
            return new Event(
                    id,
                    "add_to_cart",
                    time,
                    user,
                    city,
                    device,
                    channel,
                    category(),
                    brand(),
                    price(),
                    1 + random.nextInt(3),
                    null,
                    null,
                    0);
        }
        List<Item> items = new ArrayList<>();
        int lines = 1 + random.nextInt(3);
        long total = 0;
        for (int i = 0; i < lines; i++) {
            Item item = new Item(category(), brand(), price(), 1 + random.nextInt(2));
            items.add(item);
            total += item.priceMinor() * item.quantity();
        }
        return new Event(
                id,
                "order",
                time,
                user,
                city,
                device,
                channel,
                null,
                null,
                0,
                0,
                "order-" + id,
                items,
                total + random.nextInt(3) - 1);
    }

    private String category() {
        return CATEGORIES[random.nextInt(CATEGORIES.length)];
    }

    private String brand() {
        return BRANDS[random.nextInt(BRANDS.length)];
    }

    private long price() {
        return 100 + random.nextInt(20_000_000);
    }

    private void resendLastOrder(long now) {
        Event e = recent(earlier -> earlier.type().equals("order"));
        if (e != null) {
            add(
                    new Event(
                            "ev-" + nextId++,
                            "order",
                            now - random.nextInt(20_000),
                            e.user(),
                            e.city(),
                            e.device(),
                            e.channel(),
                            null,
                            null,
                            0,
                            0,
                            e.orderId(),
                            e.items(),
                            e.amountMinor()));
        }
    }

    /**
     * A recent event again, from a user of its own: the same event id, and for an order the same
     * order id. Ids are the producer's, and two shops' clients may well clash; the user's copies
     * are what dedup drops, not another user's.
     */
    private void reuseTheIdsOfAnotherUser(long now) {
        Event e = recent(earlier -> true);
        if (e != null) {
            String other = "other-" + random.nextInt(20);
            add(
                    new Event(
                            e.eventId(),
                            e.type(),
                            now - random.nextInt(20_000),
                            other,
                            cityOf(other),
                            e.device(),
                            e.channel(),
                            e.category(),
                            e.brand(),
                            e.priceMinor(),
                            e.quantity(),
                            e.orderId(),
                            e.items(),
                            e.amountMinor()));
        }
    }

    /**
     * The newest valid event among the last 50 records sent that {@code which} accepts, or null.
     */
    private Event recent(Predicate<Event> which) {
        for (int i = sent.size() - 1; i >= Math.max(0, sent.size() - 50); i--) {
            Event e = sent.get(i).valid();
            if (e != null && which.test(e)) {
                return e;
            }
        }
        return null;
    }

    /** A user's city: always the same one, so a user's events agree in every city breakdown. */
    private static String cityOf(String user) {
        return CITIES[Math.floorMod(user.hashCode(), CITIES.length)];
    }

    private void add(Event e) {
        sent.add(
                new Sent(
                        e.user(),
                        json(e).toString().getBytes(StandardCharsets.UTF_8),
                        e,
                        null,
                        null));
    }

    private ObjectNode json(Event e) {
        ObjectNode node = mapper.createObjectNode();
        node.put("event_id", e.eventId());
        node.put("event_type", e.type());
        if (random.nextBoolean()) {
            node.put("event_time", Instant.ofEpochMilli(e.time()).toString());
        } else {
            node.put("event_time", e.time());
        }
        node.put("user_id", e.user());
        node.put("session_id", "s-" + e.user());
        node.put("city", e.city());
        node.put("device", e.device());
        node.put("channel", e.channel());
        if (e.type().equals("order")) {
            node.put("order_id", e.orderId());
            node.put("amount", money(e.amountMinor()));
            node.put("currency", "RUB");
            ArrayNode items = node.putArray("items");
            for (Item item : e.items()) {
                ObjectNode line = items.addObject();
                line.put("product_id", "p-" + item.category());
                line.put("category", item.category());
                if (item.brand() != null) {
                    line.put("brand", item.brand());
                }
                line.put("price", money(item.priceMinor()));
                line.put("quantity", item.quantity());
            }
        } else {
            node.put("product_id", "p-" + e.category());
            node.put("category", e.category());
            if (e.brand() != null) {
                node.put("brand", e.brand());
            }
            node.put("price", money(e.priceMinor()));
            if (e.type().equals("add_to_cart")) {
                node.put("quantity", e.quantity());
            }
        }
        return node;
    }

    private static BigDecimal money(long minor) {
        return BigDecimal.valueOf(minor, 2);
    }

    /** One hostile record of a random kind, made from a valid event around {@code now}. */
    private Sent malformed(long now) {
        return HOSTILE.get(random.nextInt(HOSTILE.size())).from(json(randomEvent(now)));
    }

    /** One record of every hostile kind, so that each is in the mix whatever the seed. */
    private void addEveryHostileKind(long now) {
        for (Hostile hostile : HOSTILE) {
            sent.add(hostile.from(json(randomEvent(now))));
        }
    }

    /** Every kind but the huge ones ({@link #addHugeRecords}), each with its expected reason. */
    static final List<Hostile> HOSTILE =
            List.of(
                    new Hostile(
                            "broken JSON",
                            n -> Sent.hostile("{\"event_id\": \"broken", "invalid_json")),
                    new Hostile("no user_id", n -> without(n, "user_id", "missing_field")),
                    new Hostile("empty user_id", n -> with(n, "user_id", "", "missing_field")),
                    new Hostile(
                            "null event_type",
                            n -> withRaw(n, "event_type", "null", "missing_field")),
                    new Hostile(
                            "unknown event type",
                            n -> with(n, "event_type", "refund", "unknown_event_type")),
                    new Hostile(
                            "unparseable time",
                            n -> with(n, "event_time", "yesterday", "invalid_time")),
                    new Hostile(
                            "time without zone",
                            n -> with(n, "event_time", "2025-11-23T10:00:00", "invalid_time")),
                    new Hostile(
                            "time in 1999",
                            n -> with(n, "event_time", "1999-12-31T23:59:59Z", "invalid_time")),
                    new Hostile(
                            "time in 2100",
                            n -> with(n, "event_time", "2100-01-01T00:00:00Z", "invalid_time")),
                    new Hostile("trailing number", n -> Sent.hostile(n + " 7", "invalid_json")),
                    new Hostile(
                            "trailing garbage", n -> Sent.hostile(n + "garbage", "invalid_json")),
                    new Hostile("two objects", n -> Sent.hostile(n.toString() + n, "invalid_json")),
                    new Hostile(
                            "duplicate key",
                            n ->
                                    Sent.hostile(
                                            "{\"user_id\":\"x\"," + n.toString().substring(1),
                                            "invalid_json")),
                    new Hostile(
                            "lone surrogate",
                            n -> withRaw(n, "city", "\"a\\ud800b\"", "invalid_value")),
                    new Hostile(
                            "raw control character",
                            n -> withRaw(n, "city", "\"a\u0001b\"", "invalid_json")),
                    new Hostile("raw NUL", n -> withRaw(n, "city", "\"a\u0000b\"", "invalid_json")),
                    new Hostile("NaN", n -> withNumber(n, "NaN", "invalid_json")),
                    new Hostile("Infinity", n -> withNumber(n, "Infinity", "invalid_json")),
                    new Hostile("-Infinity", n -> withNumber(n, "-Infinity", "invalid_json")),
                    new Hostile("huge exponent", n -> withNumber(n, "1e1000000", "invalid_value")),
                    new Hostile(
                            "money past the limit",
                            n -> withNumber(n, "100000000000.01", "invalid_value")),
                    new Hostile(
                            "decimal overflow",
                            n -> withNumber(n, "90000000000000000.00", "invalid_value")),
                    new Hostile("negative money", n -> withNumber(n, "-1.00", "invalid_value")),
                    new Hostile("three decimals", n -> withNumber(n, "1.001", "invalid_value")),
                    new Hostile(
                            "41-digit number",
                            n -> withNumber(n, "1" + "0".repeat(40), "invalid_json")),
                    new Hostile("leading zero", n -> withNumber(n, "012", "invalid_json")),
                    new Hostile("hex number", n -> withNumber(n, "0x10", "invalid_json")),
                    new Hostile("money as words", n -> withNumber(n, "\"twelve\"", "wrong_type")),
                    new Hostile(
                            "user_id as number", n -> withRaw(n, "user_id", "42", "wrong_type")),
                    new Hostile("quantity 0", n -> quantity(n, "0", "invalid_value")),
                    new Hostile(
                            "quantity past the limit",
                            n -> quantity(n, "1000001", "invalid_value")),
                    new Hostile("fractional quantity", n -> quantity(n, "1.5", "wrong_type")),
                    new Hostile(
                            "too long a city",
                            n -> with(n, "city", "c".repeat(300), "invalid_value")),
                    new Hostile(
                            "deeper than 16",
                            n ->
                                    withRaw(
                                            n,
                                            "extra",
                                            "[".repeat(17) + "]".repeat(17),
                                            "invalid_json")),
                    new Hostile("amount mismatch", TestTraffic::amountMismatch),
                    new Hostile("other currency", TestTraffic::otherCurrency),
                    new Hostile("empty value", n -> Sent.hostile("", "invalid_json")),
                    new Hostile("tombstone", n -> Sent.hostile(null, "invalid_json")),
                    new Hostile("JSON null", n -> Sent.hostile("null", "invalid_json")),
                    new Hostile("JSON array", n -> Sent.hostile("[" + n + "]", "invalid_json")),
                    new Hostile("JSON string", n -> Sent.hostile("\"hello\"", "invalid_json")),
                    new Hostile("empty object", n -> Sent.hostile("{}", "missing_field")),
                    new Hostile("comment", n -> Sent.hostile("/* hi */" + n, "invalid_json")),
                    new Hostile(
                            "single quotes",
                            n -> Sent.hostile(n.toString().replace('"', '\''), "invalid_json")),
                    new Hostile("invalid UTF-8", n -> withBytes(n, new byte[] {(byte) 0xC3, 0x28})),
                    new Hostile(
                            "overlong UTF-8",
                            n -> withBytes(n, new byte[] {(byte) 0xC0, (byte) 0xAF})),
                    new Hostile(
                            "CESU surrogate bytes",
                            n -> withBytes(n, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                    new Hostile("binary", n -> binary()));

    private static Sent with(ObjectNode node, String field, String value, String reason) {
        node.put(field, value);
        return Sent.hostile(node.toString(), reason);
    }

    private static Sent without(ObjectNode node, String field, String reason) {
        node.remove(field);
        return Sent.hostile(node.toString(), reason);
    }

    /** The record with {@code field} written as this raw JSON text. */
    private static Sent withRaw(ObjectNode node, String field, String raw, String reason) {
        node.put(field, "__RAW__");
        return Sent.hostile(field + " " + raw, node.toString().replace("\"__RAW__\"", raw), reason);
    }

    /** The record with its price (amount for an order) written as this raw JSON number text. */
    private static Sent withNumber(ObjectNode node, String number, String reason) {
        return withRaw(node, node.has("amount") ? "amount" : "price", number, reason);
    }

    private static Sent quantity(ObjectNode node, String raw, String reason) {
        node.put("event_type", "add_to_cart");
        node.remove(List.of("order_id", "amount", "currency", "items"));
        node.put("product_id", "p");
        node.put("category", "c");
        node.put("price", 1);
        return withRaw(node, "quantity", raw, reason);
    }

    private static Sent amountMismatch(ObjectNode node) {
        order(node, 1).put("amount", 2);
        return Sent.hostile(node.toString(), "amount_mismatch");
    }

    private static Sent otherCurrency(ObjectNode node) {
        order(node, 1).put("currency", "USD");
        return Sent.hostile(node.toString(), "unknown_currency");
    }

    /** Makes the record an order of one line at {@code price}, amount equal to it. */
    private static ObjectNode order(ObjectNode node, int price) {
        node.remove(List.of("product_id", "category", "brand", "price", "quantity"));
        node.put("event_type", "order");
        node.put("order_id", "o-x");
        node.put("currency", "RUB");
        node.putArray("items")
                .addObject()
                .put("product_id", "p")
                .put("category", "c")
                .put("price", price)
                .put("quantity", 1);
        node.put("amount", price);
        return node;
    }

    /** The record with {@code bad} bytes in the middle of its city. */
    private static Sent withBytes(ObjectNode node, byte[] bad) {
        node.put("city", "__BYTES__");
        String[] halves = node.toString().split("__BYTES__");
        byte[] head = halves[0].getBytes(StandardCharsets.UTF_8);
        byte[] tail = halves[1].getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, value, 0, head.length);
        System.arraycopy(bad, 0, value, head.length, bad.length);
        System.arraycopy(tail, 0, value, head.length + bad.length, tail.length);
        return new Sent("k", value, null, null, "invalid_json");
    }

    /** Every byte value, NUL and 0xFF included. */
    private static Sent binary() {
        byte[] value = new byte[512];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 7 + 3);
        }
        return new Sent("k", value, null, null, "invalid_json");
    }

    /**
     * One record of each kind too big to send often: 100,000 levels deep, 300 KB, 5 MB (the tests'
     * topics take records up to 8 MiB), 2,000 and 10,000 order lines.
     */
    private void addHugeRecords() {
        sent.add(
                Sent.hostile(
                        "100,000 deep",
                        "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                        "invalid_json"));
        for (int size : new int[] {300_000, 5_000_000}) {
            ObjectNode node = json(randomEvent(START.toEpochMilli()));
            node.put("city", "x".repeat(size));
            sent.add(Sent.hostile(size + " bytes", node.toString(), "too_large"));
        }
        sent.add(
                Sent.hostile(
                        "130,000 tiny values",
                        "{\"extra\":[" + "0,".repeat(130_000) + "0]}",
                        "invalid_json"));
        sent.add(manyLines(2_000, "invalid_value"));
        sent.add(manyLines(10_000, "too_large"));
    }

    private Sent manyLines(int lines, String reason) {
        ObjectNode order = json(randomEvent(START.toEpochMilli()));
        order.put("event_type", "order");
        order.put("order_id", "o-many");
        ArrayNode items = order.putArray("items");
        for (int i = 0; i < lines; i++) {
            items.addObject().put("product_id", "p").put("category", "c").put("price", 1);
        }
        order.put("amount", lines);
        return Sent.hostile(lines + " order lines", order.toString(), reason);
    }
}
