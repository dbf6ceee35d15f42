package com.shoppulse.alerts;

import com.shoppulse.alerts.telegram.DeliverDigests;
import com.shoppulse.alerts.telegram.TelegramSender;
import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.clickhouse.ClickHouseSinks;
import com.shoppulse.clickhouse.ClickHouseTable;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.ingest.ParsingDeserializer;
import com.shoppulse.ingest.RecordParser;
import com.shoppulse.ingest.RejectInvalid;
import com.shoppulse.kafka.KafkaSinks;
import com.shoppulse.kpi.KpiRow;
import com.shoppulse.kpi.KpiRowDeserializer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.cep.CEP;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The alerting job: the metrics job's KPI rows, judged by threshold rules with Flink CEP, become
 * alerts in Telegram, ClickHouse ({@code alert_log}) and Kafka.
 *
 * <pre>
 * KPI rows ─ match rules ─ evaluate ─┬─ CEP: n consecutive breaches ─┬─ lifecycle ─┬─ alerts topic
 *                                    └─ recoveries ──────────────────┘             │
 * events ─ parse ─ pulses ─ no-data detector ──────────────────────────────────────┤
 * ticks ─ restart counts (Flink REST) ─ restarting jobs ───────────────────────────┤
 *                                        digest per window ─ Telegram (async) ─ alert_log
 * </pre>
 *
 * Everything runs on processing time: alerts are about now. Options: {@link AlertsJobConfig}.
 */
public final class AlertsJob {
    /** What the job calls itself when it runs: the web UI and the REST API list it so. */
    public static final String NAME = "shop-pulse alerts";

    /** Where alerts go: the alerts topic (as raised) and {@code alert_log} (as delivered). */
    public record Sinks(Sink<Alert> alertsTopic, ClickHouseTable<AlertDelivery> alertLog) {

        /** The real sinks: the alerts topic and ClickHouse, as configured. */
        public static Sinks of(AlertsJobConfig config) {
            return new Sinks(
                    KafkaSinks.atLeastOnce(
                            config.bootstrapServers, new AlertJson(config.alertsTopic)),
                    new ClickHouseSinks(config.clickHouse, 100, Duration.ofSeconds(1))
                            .insert("alert_log", new AlertLogStatement()));
        }
    }

    private static final long PULSE_MILLIS = 1000;
    private static final int RESTART_CHECK_SECONDS = 15;
    private static final long RESTART_SPAN_MILLIS = 10 * 60 * 1000;

    /**
     * A digest is retried until Telegram takes it or refuses it for good, however long a flood
     * limit lasts; Flink's async operator sets no timer when the timeout is not positive.
     */
    private static final long NO_TIMEOUT = 0;

    /**
     * Every operator that hands alerts or their inputs on to a shuffle sends each record at once.
     * Flink otherwise holds a network buffer for up to 100 ms until it fills, and an alert crosses
     * four shuffles on its way to Telegram; the alerting job's few records a second do not need
     * full buffers.
     */
    private static final long FLUSH_AT_ONCE = 0;

    private final AlertsJobConfig config;

    public AlertsJob(AlertsJobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        if (AlertsJobConfig.OPTIONS.printHelpIfAsked(args)) {
            return;
        }
        AlertsJobConfig config = AlertsJobConfig.fromArgs(args);
        TelegramSettings telegram = config.telegramSettings(System.getenv());
        TelegramSender.checkAtStart(telegram);
        if (config.initSchema) {
            SchemaMigrator.migrate(config.clickHouse);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<KpiRow> kpis =
                env.fromSource(
                                kpiSource(config).build(),
                                WatermarkStrategy.noWatermarks(),
                                "KPI rows")
                        .uid("kpi-source");
        DataStream<ParsedRecord> events =
                env.fromSource(
                                eventSource(config).build(),
                                WatermarkStrategy.noWatermarks(),
                                "shop events")
                        .uid("event-source");
        DataStream<JobRestarts> restarts =
                config.flinkRestUrl == null ? null : jobRestarts(env, config.flinkRestUrl);
        new AlertsJob(config)
                .build(kpis, events, restarts, new DeliverDigests(telegram), Sinks.of(config));
        env.execute(NAME);
    }

    /**
     * Every {@link #RESTART_CHECK_SECONDS}, the restart count of every job of the Flink cluster
     * whose REST API is at {@code restUrl}.
     */
    public static DataStream<JobRestarts> jobRestarts(
            StreamExecutionEnvironment env, String restUrl) {
        return env.fromSource(
                        new DataGeneratorSource<>(
                                tick -> tick,
                                Long.MAX_VALUE,
                                RateLimiterStrategy.perSecond(1.0 / RESTART_CHECK_SECONDS),
                                Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "restart checks")
                .uid("restart-checks")
                .setParallelism(1)
                .flatMap(new PollJobRestarts(restUrl))
                .name("job restarts")
                .uid("job-restarts")
                .setParallelism(1);
    }

    /** Wires the job. {@code restarts} may be null: no {@code job_restarting} alerts then. */
    public void build(
            DataStream<KpiRow> kpis,
            DataStream<ParsedRecord> events,
            DataStream<JobRestarts> restarts,
            AsyncFunction<AlertDigest, AlertDelivery> delivery,
            Sinks sinks) {
        Map<String, AlertRule> rulesById =
                config.rules.stream().collect(Collectors.toMap(r -> r.id, Function.identity()));

        SingleOutputStreamOperator<Evaluation> evaluations =
                kpis.flatMap(new MatchRules(config.rules))
                        .name("match rules")
                        .uid("match-rules")
                        .setBufferTimeout(FLUSH_AT_ONCE)
                        .keyBy(Evaluation::key)
                        .process(new EvaluateRule(rulesById))
                        .name("evaluate")
                        .uid("evaluate");

        DataStream<Evaluation> transitions =
                evaluations
                        .filter(e -> !e.breach)
                        .name("recoveries")
                        .uid("recoveries")
                        .setBufferTimeout(FLUSH_AT_ONCE);
        for (int n : new TreeSet<>(rulesById.values().stream().map(r -> r.forWindows).toList())) {
            DataStream<Evaluation> matches =
                    CEP.pattern(
                                    evaluations
                                            .filter(e -> e.forWindows == n)
                                            .name("rules needing " + n)
                                            .uid("for-" + n)
                                            .setBufferTimeout(FLUSH_AT_ONCE)
                                            .keyBy(Evaluation::key),
                                    ConsecutiveBreaches.pattern(n))
                            .inProcessingTime()
                            .process(new ConsecutiveBreaches())
                            .name(n + " consecutive breaches")
                            .uid("cep-" + n)
                            .setBufferTimeout(FLUSH_AT_ONCE);
            transitions = transitions.union(matches);
        }

        DataStream<Alert> ruleAlerts =
                transitions
                        .keyBy(Evaluation::key)
                        .transform(
                                "lifecycle",
                                TypeInformation.of(Alert.class),
                                new AlertLifecycle.Operator(rulesById))
                        .uid("lifecycle")
                        .setBufferTimeout(FLUSH_AT_ONCE);
        DataStream<Alert> noData =
                events.process(new RejectInvalid(DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES))
                        .name("reject invalid")
                        .uid("parse-for-no-data")
                        .process(new Pulses<>(PULSE_MILLIS))
                        .name("pulses")
                        .uid("pulses")
                        .keyBy(arrival -> NoDataDetector.RULE_ID)
                        .process(new NoDataDetector(config.noDataAfter.toMillis()))
                        .name("no data")
                        .uid("no-data")
                        .setBufferTimeout(FLUSH_AT_ONCE);
        DataStream<Alert> alerts = ruleAlerts.union(noData);
        if (restarts != null) {
            alerts =
                    alerts.union(
                            restarts.keyBy(r -> r.jobName)
                                    .process(
                                            new RestartingJobDetector(
                                                    config.restartAlertThreshold,
                                                    RESTART_SPAN_MILLIS))
                                    .name("restarting jobs")
                                    .uid("restarting-jobs")
                                    .setBufferTimeout(FLUSH_AT_ONCE));
        }
        alerts.sinkTo(sinks.alertsTopic()).name("alerts topic").uid("alerts-topic-sink");

        DataStream<AlertDigest> digests =
                alerts.keyBy(GroupIntoDigests::key)
                        .process(new GroupIntoDigests(config.digestDelay.toMillis()))
                        .name("digest per window")
                        .uid("digests");
        DataStream<AlertDelivery> deliveries =
                AsyncDataStream.unorderedWait(
                                digests, delivery, NO_TIMEOUT, TimeUnit.MILLISECONDS, 100)
                        .name("Telegram")
                        .uid("telegram");
        // The alerting job has no dead-letter topic: a refused alert_log row is logged and
        // counted by the writer (clickhouseRowsRejected), and its alert is in the alerts topic.
        sinks.alertLog()
                .write(deliveries, "alert-log-sink")
                .sinkTo(new DiscardingSink<>())
                .name("refused alert_log rows")
                .uid("alert-log-refused");
    }

    public static KafkaSourceBuilder<KpiRow> kpiSource(AlertsJobConfig config) {
        return KafkaSource.<KpiRow>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.kpiTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(new KpiRowDeserializer());
    }

    public static KafkaSourceBuilder<ParsedRecord> eventSource(AlertsJobConfig config) {
        return KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.eventsTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(
                        new ParsingDeserializer(
                                new RecordParser(
                                        config.reportingCurrency,
                                        RecordParser.DEFAULT_MAX_TIME_AHEAD)));
    }

    private static OffsetsInitializer startingOffsets(AlertsJobConfig config) {
        return config.startingOffsets.equals("earliest")
                ? OffsetsInitializer.earliest()
                : OffsetsInitializer.latest();
    }
}
