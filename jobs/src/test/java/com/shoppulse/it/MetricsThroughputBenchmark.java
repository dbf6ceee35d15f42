package com.shoppulse.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures how many events per second the metrics job sustains on this machine, with checkpoints
 * and the real ClickHouse sinks, and counts its dead letters by reason. Not a test: run it with
 * {@code ./bench/run.sh}, which starts the services; the README's "Benchmarks" section lists the
 * figures.
 *
 * <pre>
 * RECORDS [PARALLELISM,...]          the integration test's traffic (duplicates, late and malformed
 *                                    records included) written to a fresh 2-partition topic first
 * --topic NAME [PARALLELISM,...]     whatever is in that topic now (run.sh fills one with the
 *                                    generator)
 * </pre>
 *
 * The job runs once per parallelism (default 2), each time over the whole topic into a fresh
 * database.
 */
public final class MetricsThroughputBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MetricsThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        String topic;
        int next;
        if (args.length > 1 && args[0].equals("--topic")) {
            topic = args[1];
            next = 2;
        } else {
            int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
            topic = TestServices.uniqueName("bench");
            TestServices.createTopic(topic, 2);
            List<TestTraffic.Sent> sent = TestTraffic.generate(7, records);
            long produceStart = System.nanoTime();
            TestServices.produceBytes(
                    topic, null, sent.stream().map(TestTraffic.Sent::keyed).toList());
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            System.out.printf(
                    "records: %,d produced in %.1f s (%,.0f records/s)%n",
                    records, produceSeconds, records / produceSeconds);
            next = 1;
        }
        int[] parallelisms =
                args.length > next
                        ? Arrays.stream(args[next].split(",")).mapToInt(Integer::parseInt).toArray()
                        : new int[] {2};
        long records = recordsIn(topic);
        for (int parallelism : parallelisms) {
            run(topic, records, parallelism);
        }
    }

    private static void run(String topic, long records, int parallelism) throws Exception {
        String database = TestServices.uniqueName("bench");
        String deadLetters = topic + "_dlq_" + database;
        TestServices.createTopic(deadLetters, 1);
        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        TestServices.kafka(),
                        "--events-topic",
                        topic,
                        "--group-id",
                        database,
                        "--dead-letter-topic",
                        deadLetters,
                        "--kpi-topic",
                        topic + "_kpis",
                        "--clickhouse-url",
                        TestServices.clickHouse(),
                        "--clickhouse-database",
                        database,
                        "--max-out-of-orderness",
                        "30s",
                        "--allowed-lateness",
                        "2m");
        SchemaMigrator.migrate(config.clickHouse);
        // Checkpoints to files, as on the cluster (flink-conf/config.yaml): the default in-memory
        // storage caps a checkpoint at 5 MB, less than a day of windows holds.
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("bench-checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(10_000);
        new MetricsJob(config)
                .build(TestFlink.eventsInTopicNow(env, config), MetricsJob.Sinks.of(config));
        long start = System.nanoTime();
        env.execute("metrics throughput benchmark");
        double seconds = (System.nanoTime() - start) / 1e9;

        long rows;
        long counted;
        try (Connection db = config.clickHouse.connect(database);
                Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT (SELECT count() FROM kpi_window FINAL)"
                                        + " + (SELECT count() FROM kpi_window_dim FINAL),"
                                        + " (SELECT count() FROM events_raw FINAL)")) {
            rs.next();
            rows = rs.getLong(1);
            counted = rs.getLong(2);
        }
        System.out.printf(
                "parallelism %d: %,d records in %.1f s end to end, %,.0f events/s, %,d KPI rows,"
                        + " %,d events counted, dead letters by reason %s%n",
                parallelism,
                records,
                seconds,
                records / seconds,
                rows,
                counted,
                deadLettersByReason(deadLetters));
    }

    private static long recordsIn(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static Map<String, Integer> deadLettersByReason(String topic) throws Exception {
        Map<String, Integer> reasons = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
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

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.kafka());
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
