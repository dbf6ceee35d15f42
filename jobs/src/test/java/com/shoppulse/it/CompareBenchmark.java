package com.shoppulse.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.events.EventParser;
import com.shoppulse.events.InvalidEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Compares the metrics job with simpler ways of reading the same topic: events per second, peak
 * memory and rows written of each, and each one's events per second as a multiple of a bare Kafka
 * consumer's. Not a test: {@code ./bench/run.sh compare [RECORDS]} fills one topic with the
 * generator and runs this once per system, each in its own JVM, so that the JVM's peak resident
 * memory (VmHWM in /proc) is that system's alone; the README's "Benchmarks" section lists the
 * figures.
 *
 * <pre>
 * RESULTS consumer TOPIC                    one KafkaConsumer + Jackson readTree on one thread
 * RESULTS parser TOPIC                      the same with the job's EventParser
 * RESULTS flink-sql TOPIC SQL_FILE WORK     KPIs in Flink SQL ({@link FlinkSqlPeer}); WORK says
 *                                           which (windows and dimensions)
 * RESULTS metrics-job TOPIC P DATABASE OPTION...
 *                                           the metrics job at parallelism P ({@link MetricsJobRun})
 * RESULTS clickhouse-kafka TOPIC SQL_FILE PID [METRICS_DATABASE]
 *                                           ClickHouse's Kafka engine ({@link ClickHouseKafkaPeer})
 *                                           in the server of process PID, whose peak memory counts;
 *                                           compared row by row with the metrics job's hourly KPIs
 *                                           in METRICS_DATABASE
 * RESULTS report                            the table of all results so far, with the ratios
 * </pre>
 *
 * Each system appends one line to the file RESULTS.
 */
public final class CompareBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The longest a consumer may go without a record before the run fails. */
    private static final long STALL_NANOS = 60_000_000_000L;

    /**
     * One system's figures: one line of the results file.
     *
     * @param peakRssKib the peak resident memory of {@code rssOf}, in KiB; -1 if unknown
     * @param rows rows written; -1 for a system that writes none
     */
    record Result(
            String system,
            long records,
            double seconds,
            long peakRssKib,
            String rssOf,
            long rows,
            String note) {

        double eventsPerSecond() {
            return records / seconds;
        }

        String line() {
            return String.join(
                    "\t",
                    system,
                    Long.toString(records),
                    Double.toString(seconds),
                    Long.toString(peakRssKib),
                    rssOf,
                    Long.toString(rows),
                    note);
        }

        static Result parse(String line) {
            String[] f = line.split("\t", -1);
            return new Result(
                    f[0],
                    Long.parseLong(f[1]),
                    Double.parseDouble(f[2]),
                    Long.parseLong(f[3]),
                    f[4],
                    Long.parseLong(f[5]),
                    f[6]);
        }
    }

    private CompareBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: see the Javadoc of CompareBenchmark");
        }
        Path results = Path.of(args[0]);
        String system = args[1];
        if (system.equals("report")) {
            report(Files.readAllLines(results).stream().map(Result::parse).toList());
            return;
        }
        String topic = args[2];
        Result result =
                switch (system) {
                    case "consumer" -> bareConsumer(topic);
                    case "parser" -> eventParser(topic);
                    case "flink-sql" -> flinkSql(topic, Path.of(args[3]), args[4]);
                    case "metrics-job" ->
                            metricsJob(
                                    topic,
                                    Integer.parseInt(args[3]),
                                    args[4],
                                    Arrays.asList(args).subList(5, args.length));
                    case "clickhouse-kafka" ->
                            clickHouseKafka(
                                    topic,
                                    Path.of(args[3]),
                                    args[4],
                                    args.length > 5 ? args[5] : null);
                    default -> throw new IllegalArgumentException("no system named " + system);
                };
        System.out.printf(
                "%s: %,d records in %.1f s, %,.0f events/s, peak RSS %s (%s), %s%s%n",
                result.system(),
                result.records(),
                result.seconds(),
                result.eventsPerSecond(),
                megabytes(result.peakRssKib()),
                result.rssOf(),
                rowsText(result.rows()),
                result.note().isEmpty() ? "" : "; " + result.note());
        Files.writeString(
                results,
                result.line() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static Result bareConsumer(String topic) throws Exception {
        long[] fields = {0};
        Consumed consumed = readAll(topic, value -> fields[0] += MAPPER.readTree(value).size());
        return new Result(
                "bare KafkaConsumer + Jackson readTree",
                consumed.records(),
                consumed.seconds(),
                peakRssKib("self"),
                "its JVM",
                -1,
                String.format("%,d JSON fields read", fields[0]));
    }

    private static Result eventParser(String topic) throws Exception {
        EventParser parser = new EventParser("RUB");
        long[] valid = {0};
        Consumed consumed =
                readAll(
                        topic,
                        value -> {
                            try {
                                parser.parse(value);
                                valid[0]++;
                            } catch (InvalidEventException e) {
                                // Counted as the difference.
                            }
                        });
        return new Result(
                "KafkaConsumer + EventParser",
                consumed.records(),
                consumed.seconds(),
                peakRssKib("self"),
                "its JVM",
                -1,
                String.format("%,d valid events", valid[0]));
    }

    private static Result flinkSql(String topic, Path sqlFile, String work) throws Exception {
        FlinkSqlPeer.Run run = FlinkSqlPeer.over(topic, sqlFile);
        return new Result(
                "Flink SQL peer, " + work,
                run.records(),
                run.seconds(),
                peakRssKib("self"),
                "its JVM",
                run.rows(),
                "KPI rows, into blackhole sinks");
    }

    private static Result metricsJob(
            String topic, int parallelism, String database, List<String> options) throws Exception {
        MetricsJobRun run = MetricsJobRun.over(topic, parallelism, database, options);
        int windows = options.lastIndexOf("--window-sizes");
        return new Result(
                "metrics job, p="
                        + parallelism
                        + (windows >= 0 ? ", windows " + options.get(windows + 1) : "")
                        + (options.containsAll(List.of("--raw-events", "false"))
                                ? ", real sinks but events_raw"
                                : ", real sinks"),
                run.records(),
                run.seconds(),
                peakRssKib("self"),
                "its JVM",
                run.kpiRows(),
                String.format(
                        "KPI rows (all dimensions); %,d events in events_raw; dead letters %s",
                        run.eventsCounted(),
                        run.deadLetters().isEmpty() ? "none" : run.deadLetters()));
    }

    private static Result clickHouseKafka(
            String topic, Path sqlFile, String serverPid, String metricsDatabase) throws Exception {
        ClickHouseKafkaPeer.Run run = ClickHouseKafkaPeer.over(topic, sqlFile);
        String note =
                String.format(
                        "partial-state rows inserted; %,d hourly KPI rows after merging",
                        run.kpiRows());
        if (metricsDatabase != null) {
            ClickHouseKafkaPeer.Agreement agreement =
                    ClickHouseKafkaPeer.agreement(run, metricsDatabase);
            note +=
                    String.format(
                            "; %,d of %,d hourly rows (overall, per city) differ from the"
                                    + " metrics job's",
                            agreement.differing(), agreement.rows());
        }
        return new Result(
                "ClickHouse Kafka engine + materialized view",
                run.records(),
                run.seconds(),
                peakRssKib(serverPid),
                "the ClickHouse server",
                run.rows(),
                note);
    }

    private interface ValueHandler {
        void handle(byte[] value) throws Exception;
    }

    private record Consumed(long records, double seconds) {}

    /**
     * Reads every record the topic holds now with one KafkaConsumer (default settings, no group) on
     * this thread; the time runs from assigning the partitions to the last record handled.
     */
    private static Consumed readAll(String topic, ValueHandler handler) throws Exception {
        long records = TestServices.recordsIn(topic);
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.kafka());
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            long start = System.nanoTime();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long progress = start;
            while (read < records) {
                int polled = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    handler.handle(r.value());
                    polled++;
                }
                read += polled;
                if (polled > 0) {
                    progress = System.nanoTime();
                } else if (System.nanoTime() - progress > STALL_NANOS) {
                    throw new IllegalStateException(
                            "read " + read + " of " + records + " records, then none for 60 s");
                }
            }
            return new Consumed(read, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The peak resident memory (VmHWM) of a process, "self" for this JVM; -1 if unknown. */
    static long peakRssKib(String pid) {
        return statusKib(pid, "VmHWM");
    }

    /** A memory figure of {@code /proc/<pid>/status}, such as VmHWM or VmRSS, in KiB. */
    static long statusKib(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No /proc here (not Linux): unknown.
        }
        return -1;
    }

    private static void report(List<Result> results) {
        Result baseline =
                results.stream()
                        .filter(r -> r.system().startsWith("bare "))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no bare consumer run"));
        String format = "%-45s %10s %6s %8s %10s  %-22s %s%n";
        System.out.println();
        System.out.printf(
                format,
                "system",
                "events/s",
                "ratio",
                "seconds",
                "peak RSS",
                "RSS of",
                "rows written");
        for (Result r : results) {
            System.out.printf(
                    format,
                    r.system(),
                    String.format("%,.0f", r.eventsPerSecond()),
                    String.format("%.2f", r.eventsPerSecond() / baseline.eventsPerSecond()),
                    String.format("%.1f", r.seconds()),
                    megabytes(r.peakRssKib()),
                    r.rssOf(),
                    rowsText(r.rows()) + (r.note().isEmpty() ? "" : " (" + r.note() + ")"));
        }
        System.out.printf(
                "%nevents/s: the topic's %,d records over each system's own time; ratio: events/s"
                        + " over the bare consumer's.%n%n",
                baseline.records());
        for (Result sql : withPrefix(results, "Flink SQL peer")) {
            for (Result job : withPrefix(results, "metrics job")) {
                System.out.printf(
                        "%s against %s: %.2f%n",
                        job.system(), sql.system(), job.eventsPerSecond() / sql.eventsPerSecond());
            }
        }
    }

    private static List<Result> withPrefix(List<Result> results, String prefix) {
        return results.stream().filter(r -> r.system().startsWith(prefix)).toList();
    }

    private static String megabytes(long kib) {
        return kib < 0 ? "unknown" : String.format("%,d MiB", Math.round(kib / 1024.0));
    }

    private static String rowsText(long rows) {
        return rows < 0 ? "none" : String.format("%,d", rows);
    }
}
