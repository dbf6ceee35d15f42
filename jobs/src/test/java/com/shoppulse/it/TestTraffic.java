package com.shoppulse.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of records for the integration tests, written independently of the job's
 * parser: valid events out of order, exact duplicates, orders re-sent with a new event id, events
 * late beyond and within the allowed lateness, malformed and hostile records (broken JSON, trailing
 * content, duplicate keys, lone surrogates, control characters, NaN, huge exponents and values past
 * their ClickHouse columns, empty and null values, 100,000-deep nesting, 300 KB and 2,000-line
 * records), and two valid events from far off times (2099 and 2001) in the middle. Each record
 * keeps the facts the ground truth needs.
 */
final class TestTraffic {
    /** Far enough back that even a benchmark's million records are all in the past. */
    static final Instant START = Instant.parse("2025-11-23T22:30:00Z");

    static final Instant FAR_FUTURE = Instant.parse("2099-06-01T12:00:00Z");
    static final Instant FAR_PAST = Instant.parse("2001-06-01T12:00:00Z");
    static final String[] CITIES = {"Moscow", "Москва", "Kazan", "Saint Petersburg", "Омск <&>"};
    static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    static final String[] CHANNELS = {"organic", "ads", "email"};
    static final String[] CATEGORIES = {"phones", "laptops", "audio", "cases"};
    static final String[] BRANDS = {"Acme", "Zed", "Nord", null};

    /** One record as sent; {@code valid} is null for malformed ones. */
    record Sent(String key, String json, Event valid, String expectedReason) {
        /** The partition the tests send it to: a user's events stay in one, as with Kafka's. */
        int partition(int partitions) {
            return Math.floorMod(key.hashCode(), partitions);
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

    private final ObjectMapper mapper = new ObjectMapper();
    private final Random random;
    private final List<Sent> sent = new ArrayList<>();
    private int nextId;

    private TestTraffic(long seed) {
        random = new Random(seed);
    }

    /**
     * {@code count} records, one every ~2 s of event time, crossing midnight UTC so that two daily
     * windows get rows.
     */
    static List<Sent> generate(long seed, int count) {
        TestTraffic traffic = new TestTraffic(seed);
        for (int i = 0; i < count; i++) {
            if (i == count / 10) {
                traffic.add(traffic.randomEvent(FAR_FUTURE.toEpochMilli()));
                traffic.add(traffic.randomEvent(FAR_PAST.toEpochMilli()));
                traffic.addHugeRecords();
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
        } else {
            add(randomEvent(now - random.nextInt(20_000)));
        }
    }

    private Event randomEvent(long time) {
        String user = "user-" + random.nextInt(150);
        String city = CITIES[Math.floorMod(user.hashCode(), CITIES.length)];
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
        for (int i = sent.size() - 1; i >= Math.max(0, sent.size() - 50); i--) {
            Event e = sent.get(i).valid();
            if (e != null && e.type().equals("order")) {
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
                return;
            }
        }
    }

    private void add(Event e) {
        sent.add(new Sent(e.user(), json(e).toString(), e, null));
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

    private Sent malformed(long now) {
        Event e = randomEvent(now);
        ObjectNode node = json(e);
        String text = node.toString();
        switch (random.nextInt(16)) {
            case 0:
                return new Sent("k", "{\"event_id\": \"broken", null, "invalid_json");
            case 1:
                node.remove("user_id");
                return new Sent("k", node.toString(), null, "missing_field");
            case 2:
                node.put("event_type", "refund");
                return new Sent("k", node.toString(), null, "unknown_event_type");
            case 3:
                node.put("event_time", "yesterday");
                return new Sent("k", node.toString(), null, "invalid_time");
            case 4:
                return new Sent("k", text + " 7", null, "invalid_json");
            case 5:
                return new Sent("k", text + text, null, "invalid_json");
            case 6:
                return new Sent(
                        "k", "{\"user_id\":\"x\"," + text.substring(1), null, "invalid_json");
            case 7:
                node.put("city", "__CITY__");
                return new Sent(
                        "k",
                        node.toString().replace("__CITY__", "a\\ud800b"),
                        null,
                        "invalid_value");
            case 8:
                node.put("city", "__CITY__");
                return new Sent(
                        "k", node.toString().replace("__CITY__", "a\u0001b"), null, "invalid_json");
            case 9:
                return new Sent("k", withNumber(node, "NaN"), null, "invalid_json");
            case 10:
                return new Sent("k", withNumber(node, "1e1000000"), null, "invalid_value");
            case 11:
                return new Sent("k", withNumber(node, "100000000000.01"), null, "invalid_value");
            case 12:
                return new Sent("k", withNumber(node, "1" + "0".repeat(40)), null, "invalid_json");
            case 13:
                return new Sent("k", "", null, "invalid_json");
            case 14:
                return new Sent("k", null, null, "invalid_json");
            default:
                node.put("currency", "USD");
                node.put("event_type", "order");
                node.put("order_id", "o-x");
                node.putArray("items")
                        .addObject()
                        .put("product_id", "p")
                        .put("category", "c")
                        .put("price", 1)
                        .put("quantity", 1);
                node.put("amount", 1);
                return new Sent("k", node.toString(), null, "unknown_currency");
        }
    }

    /** The record with its price (amount for an order) written as this raw JSON number text. */
    private static String withNumber(ObjectNode node, String number) {
        String field = node.has("amount") ? "amount" : "price";
        node.put(field, "__NUMBER__");
        return node.toString().replace("\"__NUMBER__\"", number);
    }

    /** One record of each kind too big to send often: deep, huge, or with too many lines. */
    private void addHugeRecords() {
        sent.add(
                new Sent(
                        "k",
                        "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                        null,
                        "invalid_json"));
        ObjectNode node = json(randomEvent(START.toEpochMilli()));
        node.put("city", "x".repeat(300_000));
        sent.add(new Sent("k", node.toString(), null, "too_large"));
        ObjectNode order = json(randomEvent(START.toEpochMilli()));
        order.put("event_type", "order");
        order.put("order_id", "o-many");
        ArrayNode items = order.putArray("items");
        for (int i = 0; i < 2_000; i++) {
            items.addObject().put("product_id", "p").put("category", "c").put("price", 1);
        }
        order.put("amount", 2000);
        sent.add(new Sent("k", order.toString(), null, "invalid_value"));
    }
}
