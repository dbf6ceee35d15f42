package com.shoppulse.metrics;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.ingest.RecordParser;
import com.shoppulse.kpi.CalendarWindows;
import com.shoppulse.options.CommonOptions;
import com.shoppulse.options.Option;
import com.shoppulse.options.OptionTable;
import com.shoppulse.options.OptionValues;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Everything the metrics job can be told, parsed once from its program arguments. {@link #OPTIONS}
 * declares each option with its default and purpose; {@code --help} prints them, and the README's
 * table of them is checked against them. Durations are a number and a unit: {@code 500ms}, {@code
 * 30s}, {@code 5m}, {@code 1h}, {@code 1d}.
 */
public final class MetricsJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    static final Option<String> EVENTS_TOPIC =
            Option.text("events-topic")
                    .withDefault("shop-events")
                    .withDescription("input, [event contract v1](docs/event-contract.md)");
    static final Option<String> DEAD_LETTER_TOPIC =
            Option.text("dead-letter-topic")
                    .withDefault("shop-events-dlq")
                    .withDescription("rejected records with a reason");
    static final Option<Integer> DEAD_LETTER_MAX_PAYLOAD =
            Option.positiveInt("dead-letter-max-payload")
                    .check(
                            bytes -> bytes <= DeadLetter.MAX_PAYLOAD_BYTES,
                            "a whole number of bytes from 1 to "
                                    + DeadLetter.MAX_PAYLOAD_BYTES
                                    + ", so that a dead letter always fits Kafka's 1 MiB request")
                    .withDefault(String.valueOf(DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES))
                    .withDescription(
                            "bytes of a rejected record kept in its dead letter (at most "
                                    + DeadLetter.MAX_PAYLOAD_BYTES
                                    + "); size and SHA-256 of the whole value always");
    static final Option<String> GROUP_ID =
            Option.text("group-id")
                    .withDefault("shop-pulse-metrics")
                    .withDescription(
                            "Kafka consumer group (offsets are committed on checkpoints, for"
                                    + " monitoring; the job's position lives in its checkpoints)");
    static final Option<String> STARTING_OFFSETS =
            Option.oneOf("starting-offsets", "earliest", "latest", "committed")
                    .withDefault("earliest")
                    .withDescription(
                            "without a checkpoint: `earliest`, `latest` or `committed` (the"
                                    + " group's offsets, else earliest)");
    static final Option<String> KPI_TOPIC =
            Option.text("kpi-topic")
                    .withDefault("shop-kpis")
                    .withDescription("every KPI row as JSON, for the alerting job and others");
    static final Option<Boolean> PUBLISH_KPIS =
            Option.bool("publish-kpis")
                    .withDefault("true")
                    .withDescription("publish KPI rows to `--kpi-topic`");
    static final Option<Boolean> RAW_EVENTS =
            Option.bool("raw-events")
                    .withDefault("true")
                    .withDescription("also write every counted event to `events_raw`");
    static final Option<List<Duration>> WINDOW_SIZES =
            Option.durations("window-sizes")
                    .check(
                            MetricsJobConfig::dividesADay,
                            "durations separated by commas, each one day or dividing a day,"
                                    + " e.g. 1m,1h,1d")
                    .withDefault("1m,1h,1d")
                    .withDescription("tumbling windows, each one day or dividing a day");
    static final Option<ZoneId> TIME_ZONE =
            Option.zone("time-zone")
                    .withDefault("UTC")
                    .withDescription("whose calendar days the daily windows follow (DST-aware)");
    static final Option<Duration> MAX_OUT_OF_ORDERNESS =
            Option.duration("max-out-of-orderness")
                    .withDefault("5s")
                    .withDescription(
                            "watermark bound: how far behind the newest event an event may be"
                                    + " and still be on time");
    static final Option<Duration> IDLENESS =
            Option.duration("idleness")
                    .withDefault("30s")
                    .withDescription("a silent partition stops holding the watermark back");
    static final Option<Duration> MAX_TIME_AHEAD =
            Option.duration("max-time-ahead")
                    .withDefault(RecordParser.DEFAULT_MAX_TIME_AHEAD.toMinutes() / 60 + "h")
                    .withDescription(
                            "events further ahead of their record's Kafka timestamp are rejected"
                                    + " as `future_time`, so a broken clock cannot make other"
                                    + " events late");
    static final Option<Duration> ALLOWED_LATENESS =
            Option.duration("allowed-lateness")
                    .withDefault("1m")
                    .withDescription(
                            "how long after its window closed an event still updates it; later"
                                    + " ones go to the dead-letter topic as `late`");
    static final Option<Integer> SINK_BATCH_SIZE =
            Option.positiveInt("sink-batch-size")
                    .withDefault("50000")
                    .withDescription(
                            "ClickHouse insert batching: a batch goes when full, after"
                                    + " `--sink-flush-interval` (`--raw-events-flush-interval`"
                                    + " for `events_raw`); a checkpoint holds the rows not yet"
                                    + " stored instead of waiting for them (ClickHouse wants few,"
                                    + " large inserts: each makes a part to merge)");
    static final Option<Duration> SINK_FLUSH_INTERVAL =
            Option.positiveDuration("sink-flush-interval")
                    .withDefault("1s")
                    .withDescription(
                            "the longest a row waits for its batch. KPI rows also go as soon as"
                                    + " the watermark that closed their windows passes, so a"
                                    + " window's rows are in ClickHouse when it closes, not up to"
                                    + " an interval later; only when their table's last insert"
                                    + " went less than an interval before (a backlog being caught"
                                    + " up, whose watermarks close windows several times a"
                                    + " second) do they wait for the next flush, so that"
                                    + " ClickHouse gets a part per interval rather than one per"
                                    + " watermark");

    static final Option<Duration> RAW_EVENTS_FLUSH_INTERVAL =
            Option.positiveDuration("raw-events-flush-interval")
                    .withDefault("5s")
                    .withDescription(
                            "the longest an `events_raw` row waits for its batch (the KPI tables"
                                    + " keep `--sink-flush-interval`). Every insert costs"
                                    + " ClickHouse a fixed share of work, so fewer, larger ones"
                                    + " store the same events for less of its CPU; the rows are"
                                    + " for analysis, not for the live dashboards or alerts");

    public static final OptionTable OPTIONS =
            OptionTable.of(
                    "the metrics job",
                    List.of(
                            CommonOptions.BOOTSTRAP_SERVERS,
                            EVENTS_TOPIC,
                            DEAD_LETTER_TOPIC,
                            DEAD_LETTER_MAX_PAYLOAD,
                            GROUP_ID,
                            STARTING_OFFSETS,
                            KPI_TOPIC,
                            PUBLISH_KPIS),
                    ClickHouseOptions.OPTIONS,
                    List.of(
                            ClickHouseOptions.INIT_SCHEMA,
                            RAW_EVENTS,
                            WINDOW_SIZES,
                            TIME_ZONE,
                            MAX_OUT_OF_ORDERNESS,
                            IDLENESS,
                            MAX_TIME_AHEAD,
                            ALLOWED_LATENESS,
                            RecordParser.REPORTING_CURRENCY,
                            SINK_BATCH_SIZE,
                            SINK_FLUSH_INTERVAL,
                            RAW_EVENTS_FLUSH_INTERVAL));

    public final String bootstrapServers;
    public final String eventsTopic;
    public final String deadLetterTopic;
    public final int deadLetterMaxPayload;
    public final String kpiTopic;
    public final boolean publishKpis;
    public final String groupId;
    public final String startingOffsets;
    public final ClickHouseOptions clickHouse;
    public final boolean initSchema;
    public final boolean rawEvents;
    public final List<Duration> windowSizes;
    public final ZoneId timeZone;
    public final Duration maxOutOfOrderness;
    public final Duration idleness;
    public final Duration maxTimeAhead;
    public final Duration allowedLateness;
    public final String reportingCurrency;
    public final int sinkBatchSize;
    public final Duration sinkFlushInterval;
    public final Duration rawEventsFlushInterval;

    private MetricsJobConfig(OptionValues o) {
        bootstrapServers = o.get(CommonOptions.BOOTSTRAP_SERVERS);
        eventsTopic = o.get(EVENTS_TOPIC);
        deadLetterTopic = o.get(DEAD_LETTER_TOPIC);
        deadLetterMaxPayload = o.get(DEAD_LETTER_MAX_PAYLOAD);
        kpiTopic = o.get(KPI_TOPIC);
        publishKpis = o.get(PUBLISH_KPIS);
        groupId = o.get(GROUP_ID);
        startingOffsets = o.get(STARTING_OFFSETS);
        clickHouse = ClickHouseOptions.fromOptions(o);
        initSchema = o.get(ClickHouseOptions.INIT_SCHEMA);
        rawEvents = o.get(RAW_EVENTS);
        timeZone = o.get(TIME_ZONE);
        windowSizes = o.get(WINDOW_SIZES);
        maxOutOfOrderness = o.get(MAX_OUT_OF_ORDERNESS);
        idleness = o.get(IDLENESS);
        maxTimeAhead = o.get(MAX_TIME_AHEAD);
        allowedLateness = o.get(ALLOWED_LATENESS);
        reportingCurrency = o.get(RecordParser.REPORTING_CURRENCY);
        sinkBatchSize = o.get(SINK_BATCH_SIZE);
        sinkFlushInterval = o.get(SINK_FLUSH_INTERVAL);
        rawEventsFlushInterval = o.get(RAW_EVENTS_FLUSH_INTERVAL);
    }

    public static MetricsJobConfig fromArgs(String... args) {
        return new MetricsJobConfig(OPTIONS.parse(args));
    }

    /** The window sizes as calendars of the configured zone, smallest first. */
    public List<CalendarWindows> windows() {
        return windowSizes.stream().map(size -> new CalendarWindows(size, timeZone)).toList();
    }

    /**
     * How long {@link com.shoppulse.ingest.Deduplicate} remembers a key: past this, any copy is
     * late for every window. The extra hour covers a 25-hour day at a daylight-saving change.
     */
    public long dedupRetentionMillis() {
        Duration largest = windowSizes.get(windowSizes.size() - 1);
        return largest.plus(allowedLateness).plusHours(1).toMillis();
    }

    private static boolean dividesADay(List<Duration> sizes) {
        // Whether a size divides a day is the same in every zone.
        sizes.forEach(size -> new CalendarWindows(size, ZoneOffset.UTC));
        return true;
    }
}
