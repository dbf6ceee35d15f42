package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.ClickHouseSinks;
import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.ingest.DeadLetter;
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
 * events_raw}, through the job's own ClickHouse sink into the real server and back, byte for byte.
 * The text mixes what once went wrong or could: JDBC escapes ({@code {fn now()}}), parameter marks,
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

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @Test
    void everyStringColumnRoundTripsByteForByte() throws Exception {
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
                        .rawEvents()
                        .write(env.fromData(sent), "events-raw")
                        .executeAndCollect(1_000);
        assertThat(refused).isEmpty();

        Map<String, String> expected = new TreeMap<>();
        sent.forEach(e -> expected.put(e.dedupKey(), strings(e)));
        Map<String, String> stored = new TreeMap<>();
        try (Connection db = clickHouse.connect(database);
                Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT dedup_key, event_id, user_id, session_id, city, device,"
                                        + " channel, product_id, category, brand, order_id,"
                                        + " items.product_id, items.category, items.brand"
                                        + " FROM events_raw FINAL")) {
            while (rs.next()) {
                List<String> columns = new ArrayList<>();
                for (int c = 2; c <= 11; c++) {
                    columns.add(rs.getString(c));
                }
                for (int c = 12; c <= 14; c++) {
                    columns.add(Arrays.toString(strings(rs.getArray(c))));
                }
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

    private static Object[] strings(Array array) throws Exception {
        return (Object[]) array.getArray();
    }

    private static ShopEvent view(int n, Random random) {
        ShopEvent e = common(n, random);
        e.type = EventType.VIEW;
        e.productId = text(random);
        e.category = text(random);
        e.brand = text(random);
        e.priceMinor = random.nextInt(1_000_000);
        e.quantity = 1;
        return e;
    }

    private static ShopEvent order(int n, Random random) {
        ShopEvent e = common(n, random);
        e.type = EventType.ORDER;
        e.orderId = text(random) + "#" + n;
        e.items =
                new OrderItem[] {
                    new OrderItem(text(random), text(random), text(random), 100, 1),
                    new OrderItem(text(random), text(random), text(random), 250, 2)
                };
        e.amountMinor = 600;
        return e;
    }

    private static ShopEvent common(int n, Random random) {
        ShopEvent e = new ShopEvent();
        e.eventId = text(random) + "#" + n;
        e.eventTimeMillis = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli() + n;
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
