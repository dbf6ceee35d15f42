package com.shoppulse.it;

import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Measures how many events per second the metrics job sustains on this machine: it loads {@code N}
 * records (the integration test's traffic: duplicates, late and malformed ones included) into a
 * fresh topic, then runs the job over them at parallelism 2 on a local Flink, with checkpoints and
 * the real ClickHouse sinks, and divides. Not a test: run it with {@code ./bench/run.sh}, which
 * starts the services; the README's "Benchmarks" section lists the figures.
 */
public final class MetricsThroughputBenchmark {
    private MetricsThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String topic = TestServices.uniqueName("bench");
        String database = TestServices.uniqueName("bench");
        TestServices.createTopic(topic, 2);
        List<TestTraffic.Sent> sent = TestTraffic.generate(7, records);
        long produceStart = System.nanoTime();
        TestServices.produce(
                topic, sent.stream().map(s -> new String[] {s.key(), s.json()}).toList());
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        TestServices.kafka(),
                        "--events-topic",
                        topic,
                        "--dead-letter-topic",
                        topic + "_dlq",
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
        env.setParallelism(2);
        env.enableCheckpointing(10_000);
        new MetricsJob(config)
                .build(TestFlink.eventsInTopicNow(env, config), MetricsJob.Sinks.of(config));
        long start = System.nanoTime();
        env.execute("metrics throughput benchmark");
        double seconds = (System.nanoTime() - start) / 1e9;

        long rows;
        try (Connection db = config.clickHouse.connect(database);
                Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT (SELECT count() FROM kpi_window FINAL)"
                                        + " + (SELECT count() FROM kpi_window_dim FINAL)")) {
            rs.next();
            rows = rs.getLong(1);
        }
        System.out.printf(
                "records: %,d%nproduced in %.1f s (%,.0f records/s)%n"
                        + "metrics job: %.1f s end to end, %,.0f events/s, %,d KPI rows%n",
                records,
                produceSeconds,
                records / produceSeconds,
                seconds,
                records / seconds,
                rows);
    }
}
