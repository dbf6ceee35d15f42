package com.shoppulse.report;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.it.TestServices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Two weeks of a shop as the metrics job leaves them in ClickHouse (events_raw, the daily rows of
 * kpi_window and kpi_window_dim with an older version of each, alert_log), written by the test, so
 * that its own events are the ground truth the report and the bot must show. From 2026-11-16 to
 * 2026-11-29, UTC: both weeks have closed.
 */
public final class Fortnight {
    private Fortnight() {}

    public static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-11-16");
    private static final List<String> CITIES =
            List.of("Moscow", "Kazan", "Omsk", "Tver", "Perm", "Sochi", "Ufa");
    private static final List<String> CATEGORIES =
            List.of("phones", "books", "toys", "shoes", "food", "garden");

    public static ClickHouseReader clickHouse;

    /** The events this test wrote, the ground truth. */
    public static final List<Event> EVENTS = new ArrayList<>();

    /** Per day and dimension, per value: revenue in kopecks, orders, views. */
    public static final Map<String, Map<String, long[]>> DIMENSIONS = new TreeMap<>();

    /** Hourly windows by start: views, add to carts, orders, revenue in kopecks. */
    public static final Map<Instant, long[]> HOURLY = new TreeMap<>();

    public record Event(LocalDate day, Instant time, String user, String type, long amountMinor) {}

    /** Writes the fortnight into a new database of the test ClickHouse; once per test class. */
    public static synchronized void write() throws Exception {
        if (clickHouse != null) {
            return;
        }
        String database = TestServices.uniqueName("report");
        ClickHouseOptions options =
                new ClickHouseOptions(TestServices.clickHouse(), "default", "", database);
        SchemaMigrator.migrate(options);
        clickHouse = new ClickHouseReader(options);
        Random random = new Random(11);
        StringBuilder raw = new StringBuilder();
        StringBuilder windows = new StringBuilder();
        StringBuilder dims = new StringBuilder();
        for (int d = 0; d < 14; d++) {
            LocalDate day = FIRST_MONDAY.plusDays(d);
            Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            List<Event> today = new ArrayList<>();
            for (int n = 200 + random.nextInt(200); n > 0; n--) {
                String user = "u" + random.nextInt(400);
                Instant time = midnight.plusSeconds(random.nextInt(86_400));
                int kind = random.nextInt(20);
                String type = kind < 14 ? "view" : kind < 18 ? "add_to_cart" : "order";
                long amount = type.equals("order") ? 100 + random.nextInt(2_000_000) : 0;
                Event e = new Event(day, time, user, type, amount);
                today.add(e);
                raw.append(
                        String.format(
                                "{\"dedup_key\":\"event:%s-%d\",\"event_id\":\"%s-%d\",\"event_type\":\"%s\",\"event_time\":\"%s\",\"user_id\":\"%s\",\"city\":\"%s\",\"amount\":%s}%n",
                                day,
                                n,
                                day,
                                n,
                                type,
                                clickHouseTime(time),
                                user,
                                CITIES.get(random.nextInt(CITIES.size())),
                                money(amount)));
            }
            EVENTS.addAll(today);
            long users = today.stream().map(Event::user).distinct().count();
            long buyers =
                    today.stream()
                            .filter(e -> e.type().equals("order"))
                            .map(Event::user)
                            .distinct()
                            .count();
            long views = count(today, "view");
            long carts = count(today, "add_to_cart");
            long orders = count(today, "order");
            long revenue = today.stream().mapToLong(Event::amountMinor).sum();
            String start = day + " 00:00:00";
            String end = day.plusDays(1) + " 00:00:00";
            // An older version of each day's row, with other numbers: only FINAL's newest may
            // count.
            windows.append(
                    kpiRow(
                            start,
                            end,
                            users + 7,
                            views + 1,
                            carts,
                            orders + 3,
                            buyers,
                            revenue + 999,
                            1));
            windows.append(kpiRow(start, end, users, views, carts, orders, buyers, revenue, 2));
            for (String dimension : List.of("city", "category", "brand")) {
                List<String> values =
                        dimension.equals("city")
                                ? CITIES
                                : dimension.equals("category")
                                        ? CATEGORIES
                                        : List.of("acme", "zeta", "nord", "Ёлка");
                for (String value : values) {
                    long[] figures = {
                        random.nextInt(5_000_000), random.nextInt(50), random.nextInt(900)
                    };
                    DIMENSIONS
                            .computeIfAbsent(day + "|" + dimension, k -> new TreeMap<>())
                            .put(value, figures);
                    dims.append(
                            String.format(
                                    "{\"window_seconds\":86400,\"window_start\":\"%s\",\"window_end\":\"%s\",\"dimension\":\"%s\",\"dimension_value\":\"%s\",\"revenue\":%s,\"orders\":%d,\"views\":%d,\"version\":1}%n",
                                    start,
                                    end,
                                    dimension,
                                    value,
                                    money(figures[0]),
                                    figures[1],
                                    figures[2]));
                }
            }
        }
        // Hourly windows of the first ten hours of 2026-11-30 (the morning after the fortnight, so
        // the shop's "now" is 10:00 that day), of the day before and of a week before.
        for (LocalDate day :
                List.of(
                        LocalDate.parse("2026-11-30"),
                        LocalDate.parse("2026-11-29"),
                        LocalDate.parse("2026-11-23"))) {
            for (int hour = 0; hour < 10; hour++) {
                Instant start =
                        day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L);
                long[] figures = {
                    random.nextInt(500),
                    random.nextInt(80),
                    random.nextInt(20),
                    random.nextInt(3_000_000)
                };
                HOURLY.put(start, figures);
                windows.append(
                        String.format(
                                "{\"window_seconds\":3600,\"window_start\":\"%s\",\"window_end\":\"%s\",\"views\":%d,\"add_to_carts\":%d,\"orders\":%d,\"revenue\":%s,\"version\":1}%n",
                                clickHouseTime(start),
                                clickHouseTime(start.plusSeconds(3600)),
                                figures[0],
                                figures[1],
                                figures[2],
                                money(figures[3])));
            }
        }
        insert("events_raw", raw);
        insert("kpi_window", windows);
        insert("kpi_window_dim", dims);
        insert(
                "alert_log",
                new StringBuilder()
                        .append(
                                alert(
                                        "a1",
                                        "FIRING",
                                        "2026-11-24 14:00:00",
                                        "traffic-drop-hourly",
                                        "overall",
                                        ""))
                        .append(
                                alert(
                                        "a1",
                                        "RESOLVED",
                                        "2026-11-24 16:00:00",
                                        "traffic-drop-hourly",
                                        "overall",
                                        ""))
                        .append(
                                alert(
                                        "a2",
                                        "FIRING",
                                        "2026-11-27 10:00:00",
                                        "orders-drop-city",
                                        "city",
                                        "Moscow"))
                        .append(
                                alert(
                                        "a3",
                                        "FIRING",
                                        "2026-11-20 03:00:00",
                                        "views-low-minute",
                                        "overall",
                                        "")));
    }

    /** The week's KPIs computed from the events and daily rows this test wrote. */
    public static Map<String, String> truth(ReportWeek week) {
        LocalDate monday = week.monday();
        List<Event> events =
                EVENTS.stream()
                        .filter(
                                e ->
                                        !e.day().isBefore(monday)
                                                && e.day().isBefore(monday.plusDays(7)))
                        .toList();
        LocalDate monthStart = monday.plusDays(7).minusDays(30);
        long dauSum = 0;
        for (int d = 0; d < 7; d++) {
            LocalDate day = monday.plusDays(d);
            dauSum +=
                    events.stream()
                            .filter(e -> e.day().equals(day))
                            .map(Event::user)
                            .distinct()
                            .count();
        }
        long wau = events.stream().map(Event::user).distinct().count();
        long mau =
                EVENTS.stream()
                        .filter(
                                e ->
                                        !e.day().isBefore(monthStart)
                                                && e.day().isBefore(monday.plusDays(7)))
                        .map(Event::user)
                        .distinct()
                        .count();
        long buyers =
                events.stream()
                        .filter(e -> e.type().equals("order"))
                        .map(Event::user)
                        .distinct()
                        .count();
        long views = count(events, "view");
        long orders = count(events, "order");
        BigDecimal revenue =
                BigDecimal.valueOf(events.stream().mapToLong(Event::amountMinor).sum(), 2);
        return Map.ofEntries(
                Map.entry(
                        "dau",
                        BigDecimal.valueOf(dauSum)
                                .divide(BigDecimal.valueOf(7), 1, RoundingMode.HALF_UP)
                                .toPlainString()),
                Map.entry("wau", String.valueOf(wau)),
                Map.entry("mau", String.valueOf(mau)),
                Map.entry("views", String.valueOf(views)),
                Map.entry("add_to_carts", String.valueOf(count(events, "add_to_cart"))),
                Map.entry("orders", String.valueOf(orders)),
                Map.entry("buyers", String.valueOf(buyers)),
                Map.entry("revenue", revenue.toPlainString()),
                Map.entry(
                        "conversion_pct",
                        BigDecimal.valueOf(orders * 100)
                                .divide(BigDecimal.valueOf(views), 2, RoundingMode.HALF_UP)
                                .toPlainString()),
                Map.entry(
                        "aov",
                        revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP)
                                .toPlainString()),
                Map.entry(
                        "arpu",
                        revenue.divide(BigDecimal.valueOf(wau), 2, RoundingMode.HALF_UP)
                                .toPlainString()),
                Map.entry(
                        "arppu",
                        revenue.divide(BigDecimal.valueOf(buyers), 2, RoundingMode.HALF_UP)
                                .toPlainString()));
    }

    public static long count(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    static String clickHouseTime(Instant instant) {
        return instant.toString().replace("T", " ").replace("Z", "");
    }

    public static String money(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }

    private static String kpiRow(
            String start,
            String end,
            long users,
            long views,
            long carts,
            long orders,
            long buyers,
            long revenue,
            int version) {
        return String.format(
                "{\"window_seconds\":86400,\"window_start\":\"%s\",\"window_end\":\"%s\",\"active_users\":%d,\"views\":%d,\"add_to_carts\":%d,\"orders\":%d,\"buyers\":%d,\"revenue\":%s,\"version\":%d}%n",
                start, end, users, views, carts, orders, buyers, money(revenue), version);
    }

    private static String alert(
            String id, String state, String start, String rule, String scope, String value) {
        return String.format(
                "{\"alert_id\":\"%s\",\"rule_id\":\"%s\",\"kpi\":\"active_users\",\"scope\":\"%s\",\"scope_value\":\"%s\",\"condition\":\"drop_pct\",\"state\":\"%s\",\"severity\":\"warning\",\"window_seconds\":3600,\"window_start\":\"%s\",\"window_end\":\"%s\",\"value\":12,\"threshold\":50,\"created_at\":\"%s\",\"delivered_at\":\"%s\"}%n",
                id, rule, scope, value, state, start, start, start, start);
    }

    private static void insert(String table, StringBuilder rows) {
        clickHouse.execute("INSERT INTO " + table + " FORMAT JSONEachRow\n" + rows);
    }
}
