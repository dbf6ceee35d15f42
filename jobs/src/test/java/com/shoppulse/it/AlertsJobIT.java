package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.alerts.AlertsJob;
import com.shoppulse.alerts.AlertsJobConfig;
import com.shoppulse.alerts.telegram.DeliverDigests;
import com.shoppulse.alerts.telegram.FakeTelegramServer;
import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.kpi.Kpi;
import com.shoppulse.kpi.KpiRow;
import com.shoppulse.kpi.KpiRowJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alerting job with its shipped rules on a MiniCluster, against the real Kafka broker and
 * ClickHouse server and a fake Telegram Bot API: KPI rows that breach rules become FIRING digests
 * at the fake server and rows in alert_log, and RESOLVED ones when the KPIs recover; silence on the
 * events topic raises no_data.
 */
class AlertsJobIT {
    private static final String TOKEN = "123456789:AAF-test-token-abcdefghijklmnopqrstuv";
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long START = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    private static final Duration BOUND = Duration.ofSeconds(90);

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @Test
    void breachesFireAndResolveInTelegramClickHouseAndKafka() throws Exception {
        String kpiTopic = TestServices.uniqueName("kpis");
        String eventsTopic = TestServices.uniqueName("events");
        String alertsTopic = TestServices.uniqueName("alerts");
        String database = TestServices.uniqueName("alerts");
        for (String topic : List.of(kpiTopic, eventsTopic, alertsTopic)) {
            TestServices.createTopic(topic, 1);
        }
        AlertsJobConfig config =
                AlertsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        TestServices.kafka(),
                        "--kpi-topic",
                        kpiTopic,
                        "--events-topic",
                        eventsTopic,
                        "--alerts-topic",
                        alertsTopic,
                        "--starting-offsets",
                        "earliest",
                        "--no-data-after",
                        "3s",
                        "--digest-delay",
                        "500ms",
                        "--clickhouse-url",
                        TestServices.clickHouse(),
                        "--clickhouse-database",
                        database);
        SchemaMigrator.migrate(config.clickHouse);

        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            JobClient job = start(config, telegram);
            try {
                TestServices.produce(
                        eventsTopic, List.<String[]>of(new String[] {"u", validEvent()}));
                TestServices.produce(kpiTopic, kpiRows());

                List<FakeTelegramServer.Request> messages = awaitLastMessages(telegram);
                List<String> texts =
                        messages.stream().map(FakeTelegramServer.Request::text).toList();
                assertThat(messages)
                        .allSatisfy(
                                m -> {
                                    assertThat(m.token()).isEqualTo(TOKEN);
                                    assertThat(m.chatId()).isEqualTo("42");
                                    assertThat(m.parseMode()).isEqualToIgnoringCase("html");
                                });
                assertThat(texts)
                        .anySatisfy(t -> assertThat(t).contains("FIRING", "dau-low", "orders-low"));
                assertThat(texts)
                        .anySatisfy(t -> assertThat(t).contains("FIRING", "traffic-drop-hourly"));
                assertThat(texts)
                        .anySatisfy(
                                t ->
                                        assertThat(t)
                                                .contains(
                                                        "city-orders-collapse",
                                                        "Омск &lt;&amp;&gt;"));
                assertThat(texts)
                        .anySatisfy(t -> assertThat(t).contains("RESOLVED", "traffic-drop-hourly"));
                assertThat(texts).anySatisfy(t -> assertThat(t).contains("RESOLVED", "dau-low"));
                assertThat(texts).anySatisfy(t -> assertThat(t).contains("no_data"));
                assertThat(String.join("\n", texts))
                        .doesNotContain("conversion-low", "revenue-low");

                try (Connection db = config.clickHouse.connect(database)) {
                    List<String> log = awaitAlertLog(db, 8);
                    assertThat(log)
                            .containsExactlyInAnyOrder(
                                    "dau-low all FIRING sent",
                                    "dau-low all RESOLVED sent",
                                    "orders-low all FIRING sent",
                                    "orders-low all RESOLVED sent",
                                    "traffic-drop-hourly all FIRING sent",
                                    "traffic-drop-hourly all RESOLVED sent",
                                    "city-orders-collapse Омск <&> FIRING sent",
                                    "no_data all FIRING sent");
                }
                List<String> published = TestServices.consume(alertsTopic, 8, BOUND);
                assertThat(published)
                        .hasSize(8)
                        .map(json -> new ObjectMapper().readTree(json).get("rule_id").asText())
                        .contains(
                                "dau-low",
                                "traffic-drop-hourly",
                                "city-orders-collapse",
                                "no_data");
            } finally {
                job.cancel().get();
            }
        }
    }

    private static JobClient start(AlertsJobConfig config, FakeTelegramServer telegram)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        TelegramSettings settings =
                TelegramSettings.from(
                        Map.of(
                                TelegramSettings.TOKEN_VARIABLE,
                                TOKEN,
                                TelegramSettings.CHATS_VARIABLE,
                                "42"),
                        Optional.empty(),
                        telegram.url(),
                        null,
                        ZoneId.of("UTC"));
        new AlertsJob(config)
                .build(
                        env.fromSource(
                                AlertsJob.kpiSource(config).build(),
                                WatermarkStrategy.noWatermarks(),
                                "kpis"),
                        env.fromSource(
                                AlertsJob.eventSource(config).build(),
                                WatermarkStrategy.noWatermarks(),
                                "events"),
                        null,
                        new DeliverDigests(settings),
                        AlertsJob.Sinks.of(config));
        return env.executeAsync("alerts IT");
    }

    /**
     * Three days and five hours of KPI rows: on day 1 DAU and orders are under the shipped
     * thresholds and Омск's orders collapse, as they do again on day 2 (the city rule wants two
     * days running); day 2 is otherwise healthy. Hourly active users: the first five hours of day 0
     * teach the seasonal rule what those hours look like; on day 1 they drop by 70 % in hour 2,
     * stay low in hour 3 (still firing, no repeat within 3 h) and recover in hour 4.
     */
    private static List<String[]> kpiRows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(daily(0, "all", "all", 1500, 80, 3_500_000_00L));
        rows.add(daily(0, "city", "Омск <&>", 100, 10, 500_000_00L));
        rows.add(daily(1, "all", "all", 1000, 50, 3_100_000_00L));
        rows.add(daily(1, "city", "Омск <&>", 90, 0, 0L));
        rows.add(daily(2, "all", "all", 1400, 75, 3_600_000_00L));
        rows.add(daily(2, "city", "Омск <&>", 80, 0, 0L));
        long[][] users = {{410, 400, 420, 415, 405}, {400, 420, 126, 120, 410}};
        for (int day = 0; day < users.length; day++) {
            for (int h = 0; h < users[day].length; h++) {
                KpiRow row = row(3600, START + day * DAY + h * HOUR, "all", "all");
                row.set(Kpi.ACTIVE_USERS, users[day][h]);
                rows.add(new String[] {"k", json(row)});
            }
        }
        return rows;
    }

    private static String[] daily(
            int day, String dimension, String value, long users, long orders, long revenueMinor) {
        KpiRow row = row(86_400, START + day * DAY, dimension, value);
        row.set(Kpi.ACTIVE_USERS, users)
                .set(Kpi.BUYERS, orders)
                .set(Kpi.ORDERS, orders)
                .set(Kpi.VIEWS, orders * 100)
                .set(Kpi.REVENUE, revenueMinor);
        return new String[] {dimension + value, json(row)};
    }

    private static KpiRow row(long seconds, long start, String dimension, String value) {
        KpiRow row = new KpiRow();
        row.windowSeconds = seconds;
        row.windowStartMillis = start;
        row.windowEndMillis = start + seconds * 1000;
        row.dimension = dimension;
        row.dimensionValue = value;
        return row;
    }

    private static String json(KpiRow row) {
        return new String(KpiRowJson.write(row), StandardCharsets.UTF_8);
    }

    private static String validEvent() {
        return "{\"event_id\":\"e1\",\"event_type\":\"view\",\"event_time\":\"2026-11-20T10:00:00Z\","
                + "\"user_id\":\"u\",\"product_id\":\"p\",\"category\":\"c\",\"price\":1}";
    }

    /**
     * Waits until the last of the expected messages are in: the hourly recovery and no_data, which
     * needs the silence to pass first.
     */
    private static List<FakeTelegramServer.Request> awaitLastMessages(FakeTelegramServer telegram)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> texts =
                    telegram.requests().stream().map(FakeTelegramServer.Request::text).toList();
            boolean noData = texts.stream().anyMatch(t -> t.contains("no_data"));
            boolean recovered =
                    texts.stream()
                            .anyMatch(
                                    t ->
                                            t.contains("RESOLVED")
                                                    && t.contains("traffic-drop-hourly"));
            if (noData && recovered) {
                return telegram.requests();
            }
            Thread.sleep(200);
        }
        return telegram.requests();
    }

    private static List<String> awaitAlertLog(Connection db, int atLeast) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        List<String> rows = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            rows.clear();
            try (Statement statement = db.createStatement();
                    ResultSet rs =
                            statement.executeQuery(
                                    "SELECT rule_id, scope_value, state, delivery_status"
                                            + " FROM alert_log FINAL ORDER BY rule_id, state")) {
                while (rs.next()) {
                    rows.add(
                            rs.getString(1)
                                    + " "
                                    + rs.getString(2)
                                    + " "
                                    + rs.getString(3)
                                    + " "
                                    + rs.getString(4));
                }
            }
            if (rows.size() >= atLeast) {
                return rows;
            }
            Thread.sleep(300);
        }
        return rows;
    }
}
