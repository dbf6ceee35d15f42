package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.ClickHouseSinks;
import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.ingest.DeadLetter;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What is stored is what was sent: random Unicode text in every string column of {@code
 * events_raw}, through the job's own ClickHouse sink into the real server and back, byte for byte;
 * money, quantities and times exactly, the largest and smallest each column holds included. The
 * text mixes what once went wrong or could: JDBC escapes ({@code {fn now()}}), parameter marks,
 * quotes, backslashes, NUL and other control characters, emoji, right-to-left and combining text.
 */
class ClickHouseRoundTripIT {
    private static final int EVENTS = 300;
    private static final String[] HAZARDS = {
        "{fn now()}",
        "{d '2026-01-01'}",
        "{ts '2026-01-01 00:00:00'}",
        "{escape '\\'}",
        "?",
        "'",
        "''",
        "\\",
        "\\'",
        "\"",
        "\0",
        "\n",
        "\r\t",
        "\u0001",
        "\u007f",
        "😀",
        "👩‍👩‍👧",
        "שלום",
        "مرحبا",
        "e\u0301",
        "\u202e",
        "}",
        "{",
        "--",
        "/*",
        ";"
    };

    /** Minor units: the most a {@code Decimal(18, 2)} holds (18 nines), and small amounts. */
    private static final long[] MONEY = {999_999_999_999_999_999L, 0, 1, 99, 100};

    /** For the {@code UInt32} columns: the largest quantity an event holds, and the smallest. */
    private static final int[] QUANTITY = {Integer.MAX_VALUE, 1};

    /**
     * The first and last millisecond {@code DateTime64(3, 'UTC')} holds, and 1970 from both sides.
     */
    private static final Instant[] TIME = {
        Instant.parse("1900-01-01T00:00:00Z"),
        Instant.parse("2299-12-31T23:59:59.999Z"),
        Instant.parse("1969-12-31T23:59:59.999Z"),
        Instant.EPOCH
    };

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @Test
    void everyColumnRoundTripsExactly() throws Exception {
        ClickHouseOptions clickHouse = TestServices.migratedDatabase("roundtrip");
        String database = clickHouse.database();
        Random random = new Random(20261202L);
        List<ShopEvent> sent = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            sent.add(i % 3 == 0 ? order(i, random) : view(i, random));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<DeadLetter> refused =
                new ClickHouseSinks(clickHouse, 50, Duration.ofMillis(200))
                        .rawEvents(Duration.ofMillis(200))
                        .write(env.fromData(sent), "events-raw")
                        .executeAndCollect(1_000);
        assertThat(refused).isEmpty();

        Map<String, String> expected = new TreeMap<>();
        sent.forEach(e -> expected.put(e.dedupKey(), strings(e) + "|" + numbers(e)));
        Map<String, String> stored = new TreeMap<>();
        try (Connection db = clickHouse.connect(database);
                Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT dedup_key, event_id, user_id, session_id, city, device,"
                                        + " channel, product_id, category, brand, order_id,"
                                        + " items.product_id, items.category, items.brand,"
                                        + " toUnixTimestamp64Milli(event_time), toString(price),"
                                        + " quantity, toString(amount),"
                                        + " arrayMap(x -> toString(x), items.price),"
                                        + " items.quantity"
                                        + " FROM events_raw FINAL")) {
            while (rs.next()) {
                List<String> columns = new ArrayList<>();
                for (int c = 2; c <= 11; c++) {
                    columns.add(rs.getString(c));
                }
                for (int c = 12; c <= 14; c++) {
                    columns.add(Arrays.toString(strings(rs.getArray(c))));
                }
                columns.add(rs.getString(15));
                columns.add(Long.toString(minor(rs.getString(16))));
                columns.add(rs.getString(17));
                columns.add(Long.toString(minor(rs.getString(18))));
                columns.add(
                        Arrays.toString(
                                Arrays.stream(strings(rs.getArray(19)))
                                        .map(price -> minor((String) price))
                                        .toArray()));
                columns.add(
                        Arrays.toString(
                                Arrays.stream(strings(rs.getArray(20)))
                                        .map(Object::toString)
                                        .toArray()));
                stored.put(rs.getString(1), String.join("|", columns));
            }
        }
        assertThat(stored).isEqualTo(expected);
    }

    /** The string columns of an event as {@code events_raw} keeps them. */
    private static String strings(ShopEvent e) {
        boolean order = e.type == EventType.ORDER;
        OrderItem[] items = order ? e.items : new OrderItem[0];
        List<String> columns =
                new ArrayList<>(
                        List.of(
                                e.eventId,
                                e.userId,
                                e.sessionId,
                                e.city,
                                e.device,
                                e.channel,
                                order ? "" : e.productId,
                                order ? "" : e.category,
                                order ? "" : e.brand,
                                order ? e.orderId : ""));
        columns.add(Arrays.toString(Arrays.stream(items).map(i -> i.productId).toArray()));
        columns.add(Arrays.toString(Arrays.stream(items).map(i -> i.category).toArray()));
        columns.add(Arrays.toString(Arrays.stream(items).map(i -> i.brand).toArray()));
        return String.join("|", columns);
    }

    /** The time, money and quantity columns of an event as {@code events_raw} keeps them. */
    private static String numbers(ShopEvent e) {
        boolean order = e.type == EventType.ORDER;
        OrderItem[] items = order ? e.items : new OrderItem[0];
        return String.join(
                "|",
                Long.toString(e.eventTimeMillis),
                Long.toString(order ? 0 : e.priceMinor),
                Long.toString(order ? 0 : e.quantity),
                Long.toString(order ? e.amountMinor : 0),
                Arrays.toString(Arrays.stream(items).map(i -> i.priceMinor).toArray()),
                Arrays.toString(Arrays.stream(items).map(i -> (long) i.quantity).toArray()));
    }

    private static long minor(String decimal) {
        return new BigDecimal(decimal).movePointRight(2).longValueExact();
    }

    private static Object[] strings(Array array) throws Exception {
        return (Object[]) array.getArray();
    }

    private static ShopEvent view(int n, Random random) {
        ShopEvent e = common(n, random);
        e.type = EventType.VIEW;
        e.productId = text(random);
        e.category = text(random);
        e.brand = text(random);
        e.priceMinor = n % 2 == 0 ? MONEY[n / 2 % MONEY.length] : random.nextInt(1_000_000);
        e.quantity = QUANTITY[n % QUANTITY.length];
        return e;
    }

    private static ShopEvent order(int n, Random random) {
        ShopEvent e = common(n, random);
        e.type = EventType.ORDER;
        e.orderId = text(random) + "#" + n;
        e.items =
                new OrderItem[] {
                    new OrderItem(
                            text(random),
                            text(random),
                            text(random),
                            MONEY[n % MONEY.length],
                            QUANTITY[n % QUANTITY.length]),
                    new OrderItem(text(random), text(random), text(random), 250, 2)
                };
        e.amountMinor = MONEY[n / 3 % MONEY.length];
        return e;
    }

    private static ShopEvent common(int n, Random random) {
        ShopEvent e = new ShopEvent();
        e.eventId = text(random) + "#" + n;
        e.eventTimeMillis =
                (n % 10 < TIME.length ? TIME[n % 10] : Instant.parse("2026-11-23T10:00:00Z"))
                        .plusMillis(n % 10 < TIME.length ? 0 : n)
                        .toEpochMilli();
        e.userId = text(random);
        e.sessionId = text(random);
        e.city = text(random);
        e.device = text(random);
        e.channel = text(random);
        return e;
    }

    /** Up to 40 pieces: hazards, and code points from anywhere in Unicode but the surrogates. */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(3) == 0) {
                text.append(HAZARDS[random.nextInt(HAZARDS.length)]);
            } else {
                int codePoint;
                do {
                    codePoint =
                            random.nextBoolean()
                                    ? random.nextInt(0x3000)
                                    : random.nextInt(Character.MAX_CODE_POINT + 1);
                } while (Character.getType(codePoint) == Character.SURROGATE
                        || Character.getType(codePoint) == Character.UNASSIGNED);
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }
}
