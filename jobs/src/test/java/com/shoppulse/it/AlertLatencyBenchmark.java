package com.shoppulse.it;

import com.shoppulse.alerts.AlertsJob;
import com.shoppulse.alerts.AlertsJobConfig;
import com.shoppulse.alerts.telegram.DeliverDigests;
import com.shoppulse.alerts.telegram.FakeTelegramServer;
import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import com.shoppulse.options.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures the latency from the end of a window to its alert message at a (fake) Telegram server,
 * through the whole chain: events in Kafka, the metrics job, the KPI topic, the alerting job, the
 * digest and the Bot API call. Events are sent in real time, a view every 25 ms in each partition
 * all along; every other 5-second window also has add-to-carts, and a rule fires on each window
 * without any and resolves on each with some, so every window yields one message, and the next
 * event after any window's end comes within 25 ms in every partition. Not a test: {@code
 * ./bench/run.sh alert-latency}.
 *
 * <p>Arguments: the number of windows (40), then the waits of the chain that are settings: the
 * events' out-of-orderness, the watermark interval of both jobs and the digest delay (200ms each,
 * as the integration tests run); then a load in events/s (0): views of other users sent along,
 * which the rule does not look at but every window counts; then how many users send that load (one
 * per 40 events/s of it: each a crawler, 40 views a second). A shop's users each send a view every
 * few seconds: at 20,000 events/s, 100,000 users send one every 5 s, each user's events a new dedup
 * key of theirs, as a crawler's are. Then how many windows of this traffic go before the measured
 * ones (0): a job that has just started lags behind a heavy load while its JVM compiles its code,
 * which a job running for days does once, so these windows are shown on their own, as what a start
 * costs, and the figures are of the windows after them. Then whether the metrics job also writes
 * every event to {@code events_raw} ({@code false}), as it does by default: storing them takes the
 * ClickHouse server's share of the same cores. Last, the layout as {@code P/PARTITIONS}: the
 * metrics job's parallelism and the partitions of the events topic and of the KPI topic ({@code
 * 1/2}, as {@code ./local/up.sh} runs it; {@code 2/4} is {@code docker-compose.yml}'s). The
 * alerting job runs at parallelism 1 in both, as the README sizes it.
 */
public final class AlertLatencyBenchmark {
    private static final long WINDOW_MILLIS = 5_000;

    private AlertLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        String outOfOrderness = args.length > 1 ? args[1] : "200ms";
        Duration watermarkInterval =
                Durations.parse(args.length > 2 ? args[2] : "200ms").orElseThrow();
        String digestDelay = args.length > 3 ? args[3] : "200ms";
        int load = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int loadUsers = args.length > 5 ? Integer.parseInt(args[5]) : Math.max(1, load / 40);
        int warmUp = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        String rawEvents = args.length > 7 ? args[7] : "false";
        String[] layout = (args.length > 8 ? args[8] : "1/2").split("/", 2);
        int parallelism = Integer.parseInt(layout[0]);
        int partitions = Integer.parseInt(layout[layout.length - 1]);
        if (parallelism < 1 || partitions < parallelism) {
            throw new IllegalArgumentException(
                    "the layout P/PARTITIONS needs 1 <= P <= PARTITIONS, not " + args[8]);
        }
        System.out.printf(
                "out-of-orderness %s, watermark interval %d ms, digest delay %s, load %,d events/s"
                        + " from %,d users, %d windows before the measured ones, events_raw %s,"
                        + " metrics job at parallelism %d, topics of %d partition(s)%n",
                outOfOrderness,
                watermarkInterval.toMillis(),
                digestDelay,
                load,
                loadUsers,
                warmUp,
                rawEvents,
                parallelism,
                partitions);
        String events = TestServices.uniqueName("latency");
        String database = TestServices.uniqueName("latency");
        TestServices.createTopic(events, partitions);
        TestServices.createTopic(events + "_kpis", partitions);
        Path rules = Files.createTempFile("latency-rules", ".yaml");
        Files.writeString(
                rules,
                "rules:\n  - {id: no-carts, kpi: add_to_carts, window: 5s, condition: below,"
                        + " threshold: 1}\n");
        MetricsJobConfig metrics =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        TestServices.kafka(),
                        "--events-topic",
                        events,
                        "--dead-letter-topic",
                        events + "_dlq",
                        "--kpi-topic",
                        events + "_kpis",
                        "--clickhouse-url",
                        TestServices.clickHouse(),
                        "--clickhouse-database",
                        database,
                        "--window-sizes",
                        "5s",
                        "--max-out-of-orderness",
                        outOfOrderness,
                        "--allowed-lateness",
                        "0ms",
                        "--raw-events",
                        rawEvents);
        AlertsJobConfig alerts =
                AlertsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        TestServices.kafka(),
                        "--kpi-topic",
                        events + "_kpis",
                        "--events-topic",
                        events,
                        "--alerts-topic",
                        events + "_alerts",
                        "--rules",
                        rules.toString(),
                        "--digest-delay",
                        digestDelay,
                        "--time-zone",
                        "UTC",
                        "--clickhouse-url",
                        TestServices.clickHouse(),
                        "--clickhouse-database",
                        database);
        SchemaMigrator.migrate(metrics.clickHouse);

        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            // Checkpoints to files: in the JobManager's memory, the default, a checkpoint may hold
            // 5 MB, which the de-duplication state of a live load outgrows within seconds.
            StreamExecutionEnvironment env =
                    MetricsJobRun.environment(parallelism, new Configuration());
            env.getConfig().setAutoWatermarkInterval(watermarkInterval.toMillis());
            MetricsJob metricsJob = new MetricsJob(metrics);
            metricsJob.build(
                    metricsJob.readEvents(env, MetricsJob.kafkaSource(metrics).build()),
                    MetricsJob.Sinks.of(metrics));
            // Operators take the parallelism the environment has when they are added.
            env.setParallelism(1);
            new AlertsJob(alerts)
                    .build(
                            env.fromSource(
                                    AlertsJob.kpiSource(alerts).build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "kpis"),
                            env.fromSource(
                                    AlertsJob.eventSource(alerts).build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "events for no-data"),
                            null,
                            new DeliverDigests(settings(telegram)),
                            AlertsJob.Sinks.of(alerts));
            JobClient job = env.executeAsync("alert latency benchmark");
            Thread.sleep(5_000);
            long firstWindow = System.currentTimeMillis() / WINDOW_MILLIS;
            long measuredFrom = (firstWindow + warmUp + 1) * WINDOW_MILLIS;
            sendTraffic(
                    events, partitions, measuredFrom + windows * WINDOW_MILLIS, load, loadUsers);
            Thread.sleep(3_000);
            job.cancel().get();
            report(alerts, warmUp, windows, measuredFrom);
        }
    }

    private static TelegramSettings settings(FakeTelegramServer telegram) {
        return TelegramSettings.from(
                Map.of(
                        TelegramSettings.TOKEN_VARIABLE,
                                "123456789:AAF-benchmark-token-abcdefghijklmnopq",
                        TelegramSettings.CHATS_VARIABLE, "1"),
                Optional.empty(),
                telegram.url(),
                null,
                ZoneId.of("UTC"));
    }

    /**
     * Real-time events until {@code end}: a view every 25 ms in each of the topic's {@code
     * partitions}, and in even windows an add-to-cart every 250 ms; with each round, {@code load /
     * 40} views of other users, the {@code loadUsers} taking turns. The job's event time is the
     * slowest partition's, so a window closes only once each partition has an event past its end:
     * each gets one every 25 ms, so that the figures are of the chain, not of gaps in the traffic.
     * The window that ends at {@code end} gets no later event, so it never closes.
     */
    private static void sendTraffic(String topic, int partitions, long end, int load, int loadUsers)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.kafka());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("linger.ms", "0");
        int id = 0;
        long loadSent = 0;
        long sent = 0;
        long start = System.currentTimeMillis();
        SendCheck check = new SendCheck(topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                boolean cart = (now / WINDOW_MILLIS) % 2 == 0 && id % 10 == 0;
                for (int partition = 0; partition < partitions; partition++) {
                    String user = "u" + partition + "-" + (id % 50);
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    partition,
                                    user,
                                    event("e" + id + "-" + partition, cart, now, user)),
                            check.next());
                }
                for (int i = 0; i < load / 40; i++) {
                    String loadUser = "load" + (loadSent++ % loadUsers);
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    loadUser,
                                    event("load" + id + "-" + i, false, now, loadUser)),
                            check.next());
                }
                id++;
                sent += partitions + load / 40;
                Thread.sleep(Math.max(0, now + 25 - System.currentTimeMillis()));
            }
        }
        check.verify();
        double seconds = (System.currentTimeMillis() - start) / 1e3;
        System.out.printf(
                "sent %,d events in %.1f s: %,.0f events/s%n", sent, seconds, sent / seconds);
    }

    /** A view, or an add-to-cart of one item, by {@code user} at {@code time}. */
    private static String event(String id, boolean cart, long time, String user) {
        return "{\"event_id\":\""
                + id
                + "\",\"event_type\":\""
                + (cart ? "add_to_cart" : "view")
                + "\",\"event_time\":"
                + time
                + ",\"user_id\":\""
                + user
                + "\",\"product_id\":\"p\",\"category\":\"c\",\"price\":1"
                + (cart ? ",\"quantity\":1}" : "}");
    }

    /**
     * Latency from the end of each window to three points of the chain, each a time ClickHouse
     * holds: the window's first overall KPI row stored ({@code kpi_window.updated_at}, the metrics
     * job's ClickHouse sink), its alert raised ({@code alert_log.created_at}, the alerting job) and
     * its message acknowledged by the fake Bot API ({@code alert_log.delivered_at}). The windows
     * that end before {@code measuredFrom} are the {@code warmUp} ones, shown apart.
     */
    private static void report(AlertsJobConfig config, int warmUp, int windows, long measuredFrom)
            throws Exception {
        System.out.printf("windows: %d measured, %d before them%n", windows, warmUp);
        try (Connection db = config.clickHouse.connect(config.clickHouse.database());
                Statement statement = db.createStatement()) {
            Latency latency = new Latency(statement, warmUp > 0, measuredFrom);
            latency.print(
                    "KPI row stored in ClickHouse",
                    "SELECT window_end, min(updated_at) AS at FROM kpi_window"
                            + " WHERE window_seconds = 5 GROUP BY window_end");
            latency.print(
                    "alert raised",
                    "SELECT window_end, created_at AS at FROM alert_log FINAL"
                            + " WHERE delivery_status = 'sent'");
            latency.print(
                    "message acknowledged by the Bot API",
                    "SELECT window_end, delivered_at AS at FROM alert_log FINAL"
                            + " WHERE delivery_status = 'sent'");
        }
    }

    /** The latencies of one point of the chain: those of the measured windows, then the others. */
    private record Latency(Statement statement, boolean warmUp, long measuredFrom) {
        void print(String point, String times) throws Exception {
            String from = "toDateTime(" + measuredFrom / 1000 + ")";
            try (ResultSet rs = statement.executeQuery(query(times, "window_end >= " + from))) {
                rs.next();
                System.out.printf(
                        "window end to %s (%d windows): median %d ms, p90 %d ms, p99 %d ms, worst"
                                + " %d ms%n  in the order of the windows: %s%n",
                        point,
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6));
            }
            if (warmUp) {
                try (ResultSet rs = statement.executeQuery(query(times, "window_end < " + from))) {
                    rs.next();
                    System.out.printf(
                            "  before them, from the job's start (%d windows): %s%n",
                            rs.getLong(1), rs.getString(6));
                }
            }
        }

        private static String query(String times, String windows) {
            return "SELECT count(), quantileExact(0.5)(ms), quantileExact(0.9)(ms),"
                    + " quantileExact(0.99)(ms), max(ms),"
                    + " arrayStringConcat(arrayMap(x -> toString(x), groupArray(ms)), ' ') FROM (SELECT"
                    + " dateDiff('millisecond', toDateTime64(window_end, 3), at) AS ms"
                    + " FROM ("
                    + times
                    + ") WHERE "
                    + windows
                    + " ORDER BY window_end)";
        }
    }
}
