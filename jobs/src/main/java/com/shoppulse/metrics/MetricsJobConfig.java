package com.shoppulse.metrics;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.ingest.RecordParser;
import com.shoppulse.kpi.CalendarWindows;
import com.shoppulse.options.JobOptions;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the metrics job can be told, parsed once from its program arguments. Each option, with
 * its default:
 *
 * <ul>
 *   <li>{@code --bootstrap-servers localhost:9092}: the Kafka cluster.
 *   <li>{@code --events-topic shop-events}: where the shop's events arrive (contract v1).
 *   <li>{@code --dead-letter-topic shop-events-dlq}: where rejected records go, with a reason.
 *   <li>{@code --dead-letter-max-payload 65536}: how many bytes of a rejected record's value its
 *       dead letter keeps (at most 131072); the letter also carries the value's full size and
 *       SHA-256.
 *   <li>{@code --kpi-topic shop-kpis}, {@code --publish-kpis true}: every KPI row is also published
 *       there as JSON, for the alerting job and other systems.
 *   <li>{@code --group-id shop-pulse-metrics}: the Kafka consumer group (offsets are committed on
 *       checkpoints, for monitoring; the job's position lives in its checkpoints).
 *   <li>{@code --starting-offsets earliest}: where to start without a checkpoint: {@code earliest},
 *       {@code latest}, or {@code committed} (the group's offsets, else earliest).
 *   <li>{@code --clickhouse-url}, {@code --clickhouse-user}, {@code --clickhouse-database}: see
 *       {@link ClickHouseOptions}; the password comes from {@code CLICKHOUSE_PASSWORD}.
 *   <li>{@code --init-schema true}: apply {@code sql/} to the database at start.
 *   <li>{@code --raw-events true}: also write every counted event to {@code events_raw}.
 *   <li>{@code --window-sizes 1m,1h,1d}: the tumbling windows computed, each one day or dividing a
 *       day.
 *   <li>{@code --time-zone UTC}: the zone whose calendar days the daily windows follow.
 *   <li>{@code --max-out-of-orderness 5s}: how far behind the newest event an event may be and
 *       still be on time (the watermark's bound).
 *   <li>{@code --idleness 30s}: a source partition silent this long stops holding the watermark.
 *   <li>{@code --max-time-ahead 1h}: an event whose time is further than this after its record was
 *       written to Kafka is rejected as {@code future_time}, so a broken clock cannot make other
 *       events late (see {@link com.shoppulse.ingest.RecordParser}).
 *   <li>{@code --allowed-lateness 1m}: how long after its window closed an event still updates it;
 *       later events go to the dead-letter topic with reason {@code late}.
 *   <li>{@code --reporting-currency RUB}: the one currency amounts are in; orders in another are
 *       rejected.
 *   <li>{@code --sink-batch-size 50000}, {@code --sink-flush-interval 1s}: ClickHouse insert
 *       batching (a batch is also flushed at every checkpoint, and KPI rows at every watermark).
 *       Large by default: every insert makes a part ClickHouse must merge, and it wants about one
 *       insert a second per table.
 * </ul>
 *
 * Durations are a number and a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code
 * 1d}.
 */
public final class MetricsJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Set<String> OPTION_NAMES = new HashSet<>();

    static {
        OPTION_NAMES.addAll(
                List.of(
                        "bootstrap-servers",
                        "events-topic",
                        "dead-letter-topic",
                        "dead-letter-max-payload",
                        "group-id",
                        "kpi-topic",
                        "publish-kpis",
                        "starting-offsets",
                        "init-schema",
                        "raw-events",
                        "window-sizes",
                        "time-zone",
                        "max-out-of-orderness",
                        "idleness",
                        "max-time-ahead",
                        "allowed-lateness",
                        "reporting-currency",
                        "sink-batch-size",
                        "sink-flush-interval"));
        OPTION_NAMES.addAll(ClickHouseOptions.OPTION_NAMES);
    }

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

    private MetricsJobConfig(JobOptions o) {
        bootstrapServers = o.string("bootstrap-servers", "localhost:9092");
        eventsTopic = o.string("events-topic", "shop-events");
        deadLetterTopic = o.string("dead-letter-topic", "shop-events-dlq");
        deadLetterMaxPayload =
                o.positiveInt("dead-letter-max-payload", DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES);
        if (deadLetterMaxPayload > DeadLetter.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(
                    "option --dead-letter-max-payload must be at most "
                            + DeadLetter.MAX_PAYLOAD_BYTES
                            + " bytes, so that a dead letter always fits Kafka's 1 MiB request,"
                            + " not "
                            + deadLetterMaxPayload);
        }
        kpiTopic = o.string("kpi-topic", "shop-kpis");
        publishKpis = o.bool("publish-kpis", true);
        groupId = o.string("group-id", "shop-pulse-metrics");
        startingOffsets = o.string("starting-offsets", "earliest");
        if (!Set.of("earliest", "latest", "committed").contains(startingOffsets)) {
            throw new IllegalArgumentException(
                    "option --starting-offsets must be earliest, latest or committed, not '"
                            + startingOffsets
                            + "'");
        }
        clickHouse = ClickHouseOptions.fromOptions(o);
        initSchema = o.bool("init-schema", true);
        rawEvents = o.bool("raw-events", true);
        timeZone = o.zone("time-zone", "UTC");
        windowSizes = o.durations("window-sizes", "1m,1h,1d");
        windowSizes.forEach(size -> new CalendarWindows(size, timeZone));
        maxOutOfOrderness = o.duration("max-out-of-orderness", "5s");
        idleness = o.duration("idleness", "30s");
        maxTimeAhead =
                o.duration("max-time-ahead", RecordParser.DEFAULT_MAX_TIME_AHEAD.toMinutes() + "m");
        allowedLateness = o.duration("allowed-lateness", "1m");
        reportingCurrency = o.string("reporting-currency", "RUB");
        if (!reportingCurrency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(
                    "option --reporting-currency must be an ISO 4217 code like RUB, not '"
                            + reportingCurrency
                            + "'");
        }
        sinkBatchSize = o.positiveInt("sink-batch-size", 50000);
        sinkFlushInterval = o.duration("sink-flush-interval", "1s");
    }

    public static MetricsJobConfig fromArgs(String... args) {
        return new MetricsJobConfig(JobOptions.parse(args, OPTION_NAMES));
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
}
