package com.shoppulse.metrics;

import com.shoppulse.clickhouse.ClickHouseSinks;
import com.shoppulse.clickhouse.ClickHouseTable;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.ingest.CheckedEvent;
import com.shoppulse.ingest.CountedEvent;
import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.ingest.DeadLetterSerializer;
import com.shoppulse.ingest.Deduplicate;
import com.shoppulse.ingest.LateEventFilter;
import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.ingest.ParsingDeserializer;
import com.shoppulse.ingest.RecordParser;
import com.shoppulse.ingest.RejectInvalid;
import com.shoppulse.kafka.KafkaSinks;
import com.shoppulse.kpi.CalendarWindows;
import com.shoppulse.kpi.KpiRow;
import com.shoppulse.kpi.KpiRowSerializer;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The metrics job: shop events from Kafka to exact KPIs per event-time window in ClickHouse.
 *
 * <pre>
 * source: parse, watermark per partition ─ reject invalid ─ judge lateness ═ dedup, user index ─┬─ events_raw
 *                                              │                                 │               └─ pre-aggregate ═ windows ─┬─ kpi_window
 *                                              └──── rejected ─────────── late ──┴─ dead-letter topic                         ├─ kpi_window_dim
 *                                                                                                                       └─ KPI topic
 * (═ a shuffle: by user id, then by window size, dimension and value)
 * </pre>
 *
 * {@link #readEvents} puts any source of parsed records under the job's event-time rules and {@link
 * #build} wires the pipeline from that stream into any sinks, so tests can plug in their own;
 * {@link #main} plugs in Kafka and ClickHouse. Options: {@link MetricsJobConfig}.
 */
public final class MetricsJob {
    /** What the job calls itself when it runs: the web UI and the REST API list it so. */
    public static final String NAME = "shop-pulse metrics";

    /**
     * Where the job's results go. {@code rawEvents} may be null to skip {@code events_raw}, {@code
     * kpiTopic} to publish no KPI rows to Kafka.
     */
    public record Sinks(
            ClickHouseTable<KpiRow> kpiWindow,
            ClickHouseTable<KpiRow> kpiWindowDim,
            ClickHouseTable<ShopEvent> rawEvents,
            Sink<DeadLetter> deadLetters,
            Sink<KpiRow> kpiTopic) {

        /** The real sinks: ClickHouse tables and the dead-letter topic, as configured. */
        public static Sinks of(MetricsJobConfig config) {
            ClickHouseSinks clickHouse =
                    new ClickHouseSinks(
                            config.clickHouse, config.sinkBatchSize, config.sinkFlushInterval);
            return new Sinks(
                    clickHouse.kpiWindow(),
                    clickHouse.kpiWindowDim(),
                    config.rawEvents ? clickHouse.rawEvents(config.rawEventsFlushInterval) : null,
                    KafkaSinks.atLeastOnce(
                            config.bootstrapServers,
                            new DeadLetterSerializer(config.deadLetterTopic)),
                    config.publishKpis
                            ? KafkaSinks.atLeastOnce(
                                    config.bootstrapServers, new KpiRowSerializer(config.kpiTopic))
                            : null);
        }
    }

    /**
     * How long a network buffer bound for one of the job's two shuffles (to the de-duplication, to
     * the windows) waits to fill before it goes. A watermark waits in it like a record, and a
     * window closes only when the watermark has crossed both: at Flink's default of 100 ms, a quiet
     * shop's windows reached ClickHouse and Telegram some 120 ms later (median of {@code
     * ./bench/run.sh alert-latency}; up to 200 ms). Under load the buffers fill long before.
     */
    static final long SHUFFLE_BUFFER_TIMEOUT_MILLIS = 10;

    private final MetricsJobConfig config;

    public MetricsJob(MetricsJobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        if (MetricsJobConfig.OPTIONS.printHelpIfAsked(args)) {
            return;
        }
        MetricsJobConfig config = MetricsJobConfig.fromArgs(args);
        if (config.initSchema) {
            SchemaMigrator.migrate(config.clickHouse);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MetricsJob job = new MetricsJob(config);
        job.build(job.readEvents(env, kafkaSource(config).build()), Sinks.of(config));
        env.execute(NAME);
    }

    /**
     * The job's input: parsed records with a watermark per source partition (Kafka defines no order
     * across partitions, so only within one can "newest so far" mean anything). The job's event
     * time is the minimum over the partitions; a partition silent for {@code --idleness} stops
     * holding it back. Watermarks are emitted periodically ({@code
     * pipeline.auto-watermark-interval}, 200 ms by default), not per event.
     */
    public DataStream<ParsedRecord> readEvents(
            StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source) {
        WatermarkStrategy<ParsedRecord> eventTime =
                WatermarkStrategy.<ParsedRecord>forBoundedOutOfOrderness(config.maxOutOfOrderness)
                        .withTimestampAssigner((record, kafkaTime) -> record.eventTimeOrMin())
                        .withIdleness(config.idleness);
        return env.fromSource(source, eventTime, "shop events").uid("kafka-source");
    }

    public void build(DataStream<ParsedRecord> records, Sinks sinks) {
        records.getExecutionEnvironment().getConfig().enableObjectReuse();
        List<CalendarWindows> windows = config.windows();

        SingleOutputStreamOperator<ParsedRecord> parsed =
                records.process(new RejectInvalid(config.deadLetterMaxPayload))
                        .name("reject invalid")
                        .uid("parse");
        DataStream<CheckedEvent> checked =
                parsed.transform(
                                "judge lateness",
                                TypeInformation.of(CheckedEvent.class),
                                new LateEventFilter(
                                        windows.get(0),
                                        config.maxOutOfOrderness.toMillis(),
                                        config.allowedLateness.toMillis(),
                                        config.deadLetterMaxPayload))
                        .uid("drop-late")
                        .setBufferTimeout(SHUFFLE_BUFFER_TIMEOUT_MILLIS);
        SingleOutputStreamOperator<CountedEvent> counted =
                checked.keyBy(CheckedEvent::userId)
                        .transform(
                                "dedup",
                                TypeInformation.of(CountedEvent.class),
                                new Deduplicate(config.dedupRetentionMillis()))
                        .uid("dedup");
        DataStream<DeadLetter> deadLetters =
                parsed.getSideOutput(RejectInvalid.REJECTED)
                        .union(counted.getSideOutput(RejectInvalid.REJECTED));
        if (sinks.rawEvents() != null) {
            DataStream<ShopEvent> events =
                    counted.map(c -> c.event).name("event").uid("counted-event");
            deadLetters = deadLetters.union(sinks.rawEvents().write(events, "events-raw-sink"));
        }

        SingleOutputStreamOperator<KpiRow> rows =
                counted.transform(
                                "pre-aggregate",
                                TypeInformation.of(KpiPartial.class),
                                new PreAggregate(windows))
                        .uid("pre-aggregate")
                        .setBufferTimeout(SHUFFLE_BUFFER_TIMEOUT_MILLIS)
                        .keyBy(KpiPartial::key)
                        .transform(
                                "KPIs per window",
                                TypeInformation.of(KpiRow.class),
                                new WindowTotals(config.allowedLateness.toMillis()))
                        .uid("kpi-windows");
        rows.getSideOutput(WindowTotals.UNEXPECTED_LATE)
                .map(new CountUnexpectedLate())
                .name("unexpected late")
                .uid("unexpected-late")
                .sinkTo(new DiscardingSink<>())
                .name("discard")
                .uid("unexpected-late-discard");
        if (sinks.kpiTopic() != null) {
            rows.sinkTo(sinks.kpiTopic()).name("KPI topic").uid("kpi-topic-sink");
        }
        deadLetters
                .union(
                        sinks.kpiWindow().write(rows.filter(KpiRow::isOverall), "kpi-window-sink"),
                        sinks.kpiWindowDim()
                                .write(rows.filter(row -> !row.isOverall()), "kpi-window-dim-sink"))
                .sinkTo(sinks.deadLetters())
                .name("dead letters")
                .uid("dead-letter-sink");
    }

    /** The Kafka source of {@link #main}; tests make it bounded. */
    public static KafkaSourceBuilder<ParsedRecord> kafkaSource(MetricsJobConfig config) {
        OffsetsInitializer start;
        switch (config.startingOffsets) {
            case "latest":
                start = OffsetsInitializer.latest();
                break;
            case "committed":
                start = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                break;
            default:
                start = OffsetsInitializer.earliest();
        }
        return KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.eventsTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(start)
                .setDeserializer(
                        new ParsingDeserializer(
                                new RecordParser(config.reportingCurrency, config.maxTimeAhead)));
    }
}
