package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.ingest.RawRecord;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics job on a Flink MiniCluster against a real Kafka broker and a real ClickHouse server:
 * every row it publishes must equal the ground truth the test computes from the records it sent.
 */
class MetricsJobIT {
    private static final int RECORDS = 4_000;
    private static final long SEED = 20261123L;
    private static final long[] SIZES = {60, 3600, 86400};

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void publishesExactlyTheGroundTruth() throws Exception {
        runAndVerify(false);
    }

    @Test
    void aFailureAndRestoreNeitherLosesNorDoubleCounts() throws Exception {
        FailOnceAfterCheckpoint.reset();

        runAndVerify(true);

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the injected failure happened").isTrue();
    }

    private void runAndVerify(boolean injectFailure) throws Exception {
        List<TestTraffic.Sent> sent = TestTraffic.generate(SEED, RECORDS);
        GroundTruth truth =
                new GroundTruth(
                        sent,
                        Duration.ofSeconds(30).toMillis(),
                        Duration.ofMinutes(2).toMillis(),
                        SIZES);
        assertThat(truth.duplicates).as("duplicates in the mix").isGreaterThan(100);
        assertThat(truth.lateButCounted).as("late events within the lateness").isGreaterThan(20);
        assertThat(truth.rejectedByOffset)
                .as("late and malformed in the mix")
                .hasSizeGreaterThan(100);

        String topic = TestServices.uniqueName("events");
        String deadLetters = TestServices.uniqueName("dlq");
        String database = TestServices.uniqueName("it");
        TestServices.createTopic(topic, 1);
        TestServices.createTopic(deadLetters, 1);
        TestServices.produce(
                topic, sent.stream().map(s -> new String[] {s.key(), s.json()}).toList());

        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        TestServices.kafka(),
                        "--events-topic",
                        topic,
                        "--dead-letter-topic",
                        deadLetters,
                        "--clickhouse-url",
                        TestServices.clickHouse(),
                        "--clickhouse-database",
                        database,
                        "--window-sizes",
                        "1m,1h,1d",
                        "--max-out-of-orderness",
                        "30s",
                        "--allowed-lateness",
                        "2m",
                        "--sink-flush-interval",
                        "200ms");
        SchemaMigrator.migrate(config.clickHouse);
        runJob(config, injectFailure);

        try (Connection db = config.clickHouse.connect(database)) {
            assertThat(query(db, "kpi_window", "'all', 'all'"))
                    .containsExactlyElementsOf(truth.rows(true));
            assertThat(query(db, "kpi_window_dim", "dimension, dimension_value"))
                    .containsExactlyElementsOf(truth.rows(false));
            assertThat(count(db, "SELECT count() FROM events_raw FINAL"))
                    .isEqualTo(truth.counted.size());
            assertThat(
                            count(
                                    db,
                                    "SELECT sum(amount * 100) FROM events_raw FINAL WHERE event_type = 'order'"))
                    .isEqualTo(
                            truth.counted.stream().mapToLong(TestTraffic.Event::amountMinor).sum());
        }

        List<String> letters =
                TestServices.consume(
                        deadLetters, truth.rejectedByOffset.size(), Duration.ofSeconds(60));
        Map<Long, String> rejected = new TreeMap<>();
        for (String letter : letters) {
            JsonNode json = mapper.readTree(letter);
            rejected.put(json.at("/source/offset").asLong(), json.get("reason").asText());
            assertThat(json.get("detail").asText()).isNotBlank();
            assertThat(json.get("payload").asText())
                    .isEqualTo(sent.get(json.at("/source/offset").asInt()).json());
        }
        assertThat(rejected).isEqualTo(truth.rejectedByOffset);
        if (!injectFailure) {
            assertThat(letters).hasSize(truth.rejectedByOffset.size());
        }
    }

    private static void runJob(MetricsJobConfig config, boolean injectFailure) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        DataStream<RawRecord> records = TestFlink.eventsInTopicNow(env, config);
        if (injectFailure) {
            records = records.map(new FailOnceAfterCheckpoint());
        }
        new MetricsJob(config).build(records, MetricsJob.Sinks.of(config));
        env.execute("metrics job IT");
    }

    private static List<String> query(Connection db, String table, String dimensionColumns)
            throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT window_seconds, toUnixTimestamp(window_start), "
                                        + dimensionColumns
                                        + ", active_users, views, add_to_carts, orders, buyers,"
                                        + " revenue, items_sold, conversion_rate, buyer_conversion,"
                                        + " avg_order_value, items_per_order, arpu, arppu FROM "
                                        + table
                                        + " FINAL")) {
            while (rs.next()) {
                rows.add(
                        GroundTruth.row(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getLong(8),
                                rs.getLong(9),
                                rs.getBigDecimal(10),
                                rs.getLong(11),
                                rs.getDouble(12),
                                rs.getDouble(13),
                                rs.getBigDecimal(14),
                                rs.getDouble(15),
                                rs.getBigDecimal(16),
                                rs.getBigDecimal(17)));
            }
        }
        rows.sort(null);
        return rows;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
