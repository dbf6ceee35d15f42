package com.shoppulse.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One run of the metrics job over everything a topic holds now, on a local Flink in this JVM, with
 * checkpoints every 10 s and the real sinks: ClickHouse (a fresh database, {@code events_raw}
 * included), the KPI topic and a fresh dead-letter topic. What the benchmarks measure the job with.
 *
 * @param records the records in the topic when the job started
 * @param spent from the job's submission until it ended, its sinks flushed: wall time, and the CPU
 *     time of this JVM (the job, its local Flink and its clients), on a shared machine a steadier
 *     measure of the job's own cost than its speed, and of the servers it wrote to
 * @param kpiRows rows in {@code kpi_window} and {@code kpi_window_dim}, after FINAL
 * @param eventsCounted rows in {@code events_raw}, after FINAL
 * @param deadLetters dead letters by reason
 */
public record MetricsJobRun(
        int parallelism,
        long records,
        CpuClock.Reading spent,
        long kpiRows,
        long eventsCounted,
        Map<String, Integer> deadLetters) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Runs the job over {@code topic} to its end, set up as {@link #config} says. */
    public static MetricsJobRun over(
            String topic, int parallelism, String database, List<String> options) throws Exception {
        long records = TestServices.recordsIn(topic);
        MetricsJobConfig config = config(topic, database, options);
        StreamExecutionEnvironment env = environment(parallelism, new Configuration());
        new MetricsJob(config)
                .build(TestFlink.eventsInTopicNow(env, config), MetricsJob.Sinks.of(config));
        CpuClock clock = CpuClock.start();
        env.execute("metrics job benchmark");
        CpuClock.Reading spent = clock.read();

        try (Connection db = config.clickHouse.connect(database);
                Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT (SELECT count() FROM kpi_window FINAL)"
                                        + " + (SELECT count() FROM kpi_window_dim FINAL),"
                                        + " (SELECT count() FROM events_raw FINAL)")) {
            rs.next();
            return new MetricsJobRun(
                    parallelism,
                    records,
                    spent,
                    rs.getLong(1),
                    rs.getLong(2),
                    deadLettersByReason(deadLetterTopic(topic, database)));
        }
    }

    /**
     * The job's options over {@code topic} into the ClickHouse database {@code database}, which it
     * creates with a fresh dead-letter topic; {@code options} are the job's options beyond where to
     * read and write (window sizes, event-time tuning).
     */
    static MetricsJobConfig config(String topic, String database, List<String> options)
            throws Exception {
        String deadLetterTopic = deadLetterTopic(topic, database);
        TestServices.createTopic(deadLetterTopic, 1);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                TestServices.kafka(),
                                "--events-topic",
                                topic,
                                "--group-id",
                                database,
                                "--dead-letter-topic",
                                deadLetterTopic,
                                "--kpi-topic",
                                topic + "_kpis",
                                "--clickhouse-url",
                                TestServices.clickHouse(),
                                "--clickhouse-database",
                                database));
        args.addAll(options);
        MetricsJobConfig config = MetricsJobConfig.fromArgs(args.toArray(String[]::new));
        SchemaMigrator.migrate(config.clickHouse);
        return config;
    }

    /**
     * A local Flink in this JVM, configured as {@link #clusterLike} says, checkpointing every 10 s.
     */
    static StreamExecutionEnvironment environment(int parallelism, Configuration conf)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(clusterLike(conf));
        env.setParallelism(parallelism);
        env.enableCheckpointing(10_000);
        return env;
    }

    /**
     * {@code conf} with checkpoints to files ({@link TestFlink#withFileCheckpoints}). The variable
     * {@code BENCH_FLINK_CONF} adds Flink settings as {@code key=value} pairs separated by spaces;
     * {@code ./bench/run.sh} puts the cluster's state backend there first, so that every system it
     * measures runs with it.
     */
    static Configuration clusterLike(Configuration conf) throws IOException {
        String extra = System.getenv().getOrDefault("BENCH_FLINK_CONF", "").strip();
        for (String setting : extra.isEmpty() ? new String[0] : extra.split("\\s+")) {
            String[] pair = setting.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException(
                        "BENCH_FLINK_CONF: '" + setting + "' is not key=value");
            }
            conf.setString(pair[0], pair[1]);
        }
        return TestFlink.withFileCheckpoints(conf);
    }

    private static String deadLetterTopic(String topic, String database) {
        return topic + "_dlq_" + database;
    }

    public double eventsPerSecond() {
        return records / spent.seconds();
    }

    /** The run in one line, as the benchmarks print it. */
    public String summary() {
        return String.format(
                "parallelism %d: %,d records in %.1f s end to end, %,.0f events/s, %.1f CPU-s in"
                        + " the job's JVM (%.1f µs per event), %,d KPI rows, %,d events counted,"
                        + " dead letters by reason %s",
                parallelism,
                records,
                spent.seconds(),
                eventsPerSecond(),
                spent.jvm(),
                spent.jvm() * 1e6 / records,
                kpiRows,
                eventsCounted,
                deadLetters);
    }

    private static Map<String, Integer> deadLettersByReason(String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.kafka());
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        Map<String, Integer> reasons = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    reasons.merge(
                            MAPPER.readTree(r.value()).get("reason").asText(), 1, Integer::sum);
                }
            }
        }
        return reasons;
    }
}
