package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.kpi.Kpi;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The metrics job on a Flink MiniCluster against a real Kafka broker and a real ClickHouse server:
 * every row it publishes, and every dead letter, must equal the ground truth the test computes from
 * the records it sent to each partition, whatever the partition count and parallelism.
 *
 * <p>The records of partition 0 are all written first, then those of partition 1, and so on, so one
 * partition is far ahead of the others when the job starts reading, window-closing events included;
 * Kafka promises no order across partitions, and neither may the numbers depend on one.
 */
class MetricsJobIT {
    private static final int RECORDS = 4_000;
    private static final long SEED = 20261123L;
    private static final long[] SIZES = {60, 3600, 86400};
    private static final long[] MINUTES = {60};
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final Duration MAX_TIME_AHEAD = Duration.ofHours(1);

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The README's local layout (2 partitions, parallelism 1) is one of these. */
    @ParameterizedTest(name = "{0} partitions, parallelism {1}")
    @CsvSource({"1, 1", "1, 2", "2, 1", "2, 2", "4, 1", "4, 2"})
    void publishesExactlyTheGroundTruth(int partitions, int parallelism) throws Exception {
        Run run = Run.loaded(partitions);

        runJob(run.config(run.database), parallelism, false);

        run.verify(run.database, true);
    }

    /**
     * With minute windows only, the de-duplication forgets a user an hour and a few minutes after
     * their last event and hands their index to a new user. In this traffic the users of its first
     * 20 minutes leave and are forgotten at about 90 minutes, and new users keep coming: with a
     * watermark after every event, event time moves on as the topic is read, and the last input to
     * the de-duplication whose watermark passes those clean-ups brings its later new users after
     * them, at any interleaving. Each window must still count every user apart.
     */
    @ParameterizedTest(name = "{0} partitions, parallelism {1}")
    @CsvSource({"2, 1", "2, 2"})
    void usersWhoLeaveHandTheirIndexesToNewOnesAndEachIsStillCountedApart(
            int partitions, int parallelism) throws Exception {
        Run run =
                Run.loaded(
                        TestTraffic.generateWithUsersComingAndGoing(SEED, RECORDS),
                        partitions,
                        MINUTES);

        MetricsJobConfig config = run.config(run.database);
        runJob(
                config,
                parallelism,
                false,
                env ->
                        env.fromSource(
                                TestFlink.sourceOfTopicNow(config),
                                WatermarkStrategy.forGenerator(ctx -> new WatermarkAfterEachEvent())
                                        .withTimestampAssigner(
                                                (record, kafkaTime) -> record.eventTimeOrMin()),
                                "shop events"));

        run.verify(run.database, true);
    }

    /**
     * The job's bounded out-of-orderness (Flink's own generator), but emitted after every event
     * rather than every 200 ms, within which a test's whole topic is read.
     */
    private static final class WatermarkAfterEachEvent
            extends BoundedOutOfOrdernessWatermarks<ParsedRecord> {
        WatermarkAfterEachEvent() {
            super(OUT_OF_ORDERNESS);
        }

        @Override
        public void onEvent(ParsedRecord record, long eventTime, WatermarkOutput output) {
            super.onEvent(record, eventTime, output);
            onPeriodicEmit(output);
        }
    }

    @Test
    void aFailureAndRestoreNeitherLosesNorDoubleCounts() throws Exception {
        Run run = Run.loaded(2);
        FailOnceAfterCheckpoint.reset();

        runJob(run.config(run.database), 1, true);

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the injected failure happened").isTrue();
        run.verify(run.database, false);
    }

    @Test
    void aReplayFromEarliestIntoAFreshDatabaseGivesIdenticalRows() throws Exception {
        Run run = Run.loaded(2);
        runJob(run.config(run.database), 1, false);
        String replay = TestServices.uniqueName("replay");

        runJob(run.config(replay), 2, false);

        try (Connection first = run.config(run.database).clickHouse.connect(run.database);
                Connection second = run.config(replay).clickHouse.connect(replay)) {
            for (String[] table :
                    new String[][] {
                        {"kpi_window", "'all', 'all'"},
                        {"kpi_window_dim", "dimension, dimension_value"}
                    }) {
                assertThat(query(second, table[0], table[1]))
                        .isNotEmpty()
                        .containsExactlyElementsOf(query(first, table[0], table[1]));
            }
        }
        run.verify(replay, false);
    }

    /** One topic loaded with the test traffic, and what the job must make of it. */
    private static final class Run {
        final List<List<TestTraffic.Sent>> partitions;
        final GroundTruth truth;
        final String topic = TestServices.uniqueName("events");
        final String deadLetters = TestServices.uniqueName("dlq");
        final String database = TestServices.uniqueName("it");
        final long[] sizes;

        private Run(List<List<TestTraffic.Sent>> partitions, long writtenMillis, long[] sizes) {
            this.partitions = partitions;
            this.sizes = sizes;
            this.truth =
                    new GroundTruth(
                            partitions,
                            writtenMillis,
                            MAX_TIME_AHEAD.toMillis(),
                            OUT_OF_ORDERNESS.toMillis(),
                            LATENESS.toMillis(),
                            sizes);
        }

        /** The test traffic in {@code partitionCount} partitions, windows of 1 m, 1 h and 1 d. */
        static Run loaded(int partitionCount) throws Exception {
            return loaded(TestTraffic.generate(SEED, RECORDS), partitionCount, SIZES);
        }

        static Run loaded(List<TestTraffic.Sent> traffic, int partitionCount, long[] sizes)
                throws Exception {
            List<List<TestTraffic.Sent>> partitions =
                    TestTraffic.byPartition(traffic, partitionCount);
            Run run = new Run(partitions, System.currentTimeMillis(), sizes);
            run.truth.assertMixed();
            TestServices.createTopic(run.topic, partitionCount);
            TestServices.createTopic(run.deadLetters, 1);
            for (int p = 0; p < partitionCount; p++) {
                TestServices.produceBytes(
                        run.topic,
                        p,
                        partitions.get(p).stream().map(TestTraffic.Sent::keyed).toList());
            }
            return run;
        }

        MetricsJobConfig config(String db) throws Exception {
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
                            db,
                            "--window-sizes",
                            Arrays.stream(sizes)
                                    .mapToObj(seconds -> seconds + "s")
                                    .collect(Collectors.joining(",")),
                            "--max-out-of-orderness",
                            "30s",
                            "--allowed-lateness",
                            "2m",
                            "--max-time-ahead",
                            "1h",
                            "--sink-flush-interval",
                            "200ms");
            SchemaMigrator.migrate(config.clickHouse);
            return config;
        }

        /**
         * The rows in {@code db} and the dead letters equal the ground truth; with {@code
         * exactlyOnce}, no dead letter came twice (a restore may resend some).
         */
        void verify(String db, boolean exactlyOnce) throws Exception {
            try (Connection c = config(db).clickHouse.connect(db)) {
                assertThat(query(c, "kpi_window", "'all', 'all'"))
                        .containsExactlyElementsOf(truth.rows(true));
                assertThat(query(c, "kpi_window_dim", "dimension, dimension_value"))
                        .containsExactlyElementsOf(truth.rows(false));
                assertThat(count(c, "SELECT count() FROM events_raw FINAL"))
                        .isEqualTo(truth.counted.size());
                assertThat(
                                count(
                                        c,
                                        "SELECT sum(amount * 100) FROM events_raw FINAL"
                                                + " WHERE event_type = 'order'"))
                        .isEqualTo(
                                truth.counted.stream()
                                        .mapToLong(TestTraffic.Event::amountMinor)
                                        .sum());
            }

            List<String> letters =
                    TestServices.consume(
                            deadLetters, truth.rejected.size(), Duration.ofSeconds(60));
            Map<String, String> rejected = new TreeMap<>();
            for (String letter : letters) {
                JsonNode json = MAPPER.readTree(letter);
                int partition = json.at("/source/partition").asInt();
                int offset = json.at("/source/offset").asInt();
                rejected.put(partition + ":" + offset, json.get("reason").asText());
                assertThat(json.get("detail").asText()).isNotBlank().hasSizeLessThan(1100);
                assertPayload(json, partitions.get(partition).get(offset).value());
            }
            assertThat(rejected).isEqualTo(truth.rejected);
            if (exactlyOnce) {
                assertThat(letters).hasSize(truth.rejected.size());
            }
        }
    }

    /**
     * The letter carries the record as sent, cut to the default 64 KiB, with the size and SHA-256
     * of all of it.
     */
    private static void assertPayload(JsonNode letter, byte[] bytes) throws Exception {
        if (bytes == null) {
            assertThat(letter.get("payload").isNull()).as("payload of a tombstone").isTrue();
            return;
        }
        // As text, with U+FFFD for what is not UTF-8.
        String sent = new String(bytes, StandardCharsets.UTF_8);
        boolean cut = bytes.length > DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES;
        assertThat(letter.get("payload_bytes").asInt()).isEqualTo(bytes.length);
        assertThat(letter.get("payload_truncated").asBoolean()).isEqualTo(cut);
        assertThat(letter.get("payload_sha256").asText())
                .isEqualTo(
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        if (cut) {
            assertThat(sent).startsWith(letter.get("payload").asText());
        } else {
            assertThat(letter.get("payload").asText()).isEqualTo(sent);
        }
    }

    /**
     * Runs the job to the end of its input. Without an injected failure, any failure fails the
     * test: no record, however hostile, may make the job restart.
     */
    private static void runJob(MetricsJobConfig config, int parallelism, boolean injectFailure)
            throws Exception {
        runJob(config, parallelism, injectFailure, env -> TestFlink.eventsInTopicNow(env, config));
    }

    /** {@link #runJob} with the records {@code input} reads. */
    private static void runJob(
            MetricsJobConfig config,
            int parallelism,
            boolean injectFailure,
            Function<StreamExecutionEnvironment, DataStream<ParsedRecord>> input)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, injectFailure ? "fixed-delay" : "none");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        DataStream<ParsedRecord> records = input.apply(env);
        if (injectFailure) {
            records = records.map(new FailOnceAfterCheckpoint());
        }
        new MetricsJob(config).build(records, MetricsJob.Sinks.of(config));
        env.execute("metrics job IT");
    }

    /** Every KPI of every window in {@code table}, formatted as {@link GroundTruth#row}. */
    private static List<String> query(Connection db, String table, String dimensionColumns)
            throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT window_seconds, toUnixTimestamp(window_start), "
                                        + dimensionColumns
                                        + ", "
                                        + Kpi.columns()
                                        + " FROM "
                                        + table
                                        + " FINAL")) {
            while (rs.next()) {
                List<Object> columns = new ArrayList<>();
                columns.add(rs.getLong(1));
                columns.add(rs.getLong(2));
                columns.add(rs.getString(3));
                columns.add(rs.getString(4));
                for (Kpi kpi : Kpi.values()) {
                    String column = kpi.column();
                    switch (kpi.kind()) {
                        case COUNT:
                            columns.add(rs.getLong(column));
                            break;
                        case MONEY:
                            columns.add(rs.getBigDecimal(column));
                            break;
                        default:
                            columns.add(rs.getDouble(column));
                    }
                }
                rows.add(GroundTruth.row(columns.toArray()));
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
