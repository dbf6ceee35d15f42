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
 * consumer's. Not a test: {@code ./bench/run.sh compare [RECORDS [SPEED-UP]]} fills one topic with
 * the generator and runs this once per system, each in its own JVM, so that the JVM's peak resident
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
 * RESULTS warm SYSTEM ARGUMENT...           SYSTEM as above, run twice in this JVM: the first
 *                                           run warms the JVM up (its JIT compiles the code),
 *                                           the second is measured, as a job that has run for a
 *                                           while would go
 * RESULTS report                            the table of all results so far, with the ratios
 * </pre>
 *
 * Each system appends one line to the file RESULTS.
 */
public final class CompareBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the name of a system measured in its second run in one JVM ends with. */
    private static final String SECOND_RUN = ", second run in one JVM";

    /** The longest a consumer may go without a record before the run fails. */
    private static final long STALL_NANOS = 60_000_000_000L;

    /**
     * One system's figures: one line of the results file.
     *
     * @param spent wall and CPU time of the run
     * @param peakRssKib the peak resident memory of {@code rssOf}, in KiB; -1 if unknown
     * @param rows rows written; -1 for a system that writes none
     */
    record Result(
            String system,
            long records,
            CpuClock.Reading spent,
            long peakRssKib,
            String rssOf,
            long rows,
            String note) {

        double eventsPerSecond() {
            return records / spent.seconds();
        }

        /** CPU microseconds per event of this JVM, ClickHouse and Kafka together. */
        double cpuMicrosPerEvent() {
            return spent.total() * 1e6 / records;
        }

        /** This result as that of a run after another in the same JVM. */
        Result secondRun() {
            return new Result(system + SECOND_RUN, records, spent, peakRssKib, rssOf, rows, note);
        }

        boolean isSecondRun() {
            return system.endsWith(SECOND_RUN);
        }

        String line() {
            return String.join(
                    "\t",
                    system,
                    Long.toString(records),
                    Double.toString(spent.seconds()),
                    Double.toString(spent.jvm()),
                    Double.toString(spent.clickHouse()),
                    Double.toString(spent.kafka()),
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
                    new CpuClock.Reading(
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]),
                            Double.parseDouble(f[5])),
                    Long.parseLong(f[6]),
                    f[7],
                    Long.parseLong(f[8]),
                    f[9]);
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
        Result result;
        if (system.equals("warm")) {
            String[] runArgs = new String[args.length - 1];
            runArgs[0] = args[0];
            System.arraycopy(args, 2, runArgs, 1, args.length - 2);
            // The first run only warms this JVM up (its JIT, classes and connections); its
            // results are left where they are, and its figures are not kept.
            run(runArgs, "_warm_up");
            result = run(runArgs, "").secondRun();
        } else {
            result = run(args, "");
        }
        System.out.printf(
                "%s: %,d records in %.1f s, %,.0f events/s, CPU-s: %s own, %s ClickHouse, %s"
                        + " Kafka, peak RSS %s (%s), %s%s%n",
                result.system(),
                result.records(),
                result.spent().seconds(),
                result.eventsPerSecond(),
                cpuText(result.spent().jvm()),
                cpuText(result.spent().clickHouse()),
                cpuText(result.spent().kafka()),
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

    /**
     * One run of the system {@code args} name, as {@link #main} takes them; {@code databaseSuffix}
     * goes after the ClickHouse database of a metrics-job run, so that a second run starts empty.
     */
    private static Result run(String[] args, String databaseSuffix) throws Exception {
        String topic = args[2];
        return switch (args[1]) {
            case "consumer" -> bareConsumer(topic);
            case "parser" -> eventParser(topic);
            case "flink-sql" -> flinkSql(topic, Path.of(args[3]), args[4]);
            case "metrics-job" ->
                    metricsJob(
                            topic,
                            Integer.parseInt(args[3]),
                            args[4] + databaseSuffix,
                            Arrays.asList(args).subList(5, args.length));
            case "clickhouse-kafka" ->
                    clickHouseKafka(
                            topic, Path.of(args[3]), args[4], args.length > 5 ? args[5] : null);
            default -> throw new IllegalArgumentException("no system named " + args[1]);
        };
    }

    private static Result bareConsumer(String topic) throws Exception {
        long[] fields = {0};
        Consumed consumed = readAll(topic, value -> fields[0] += MAPPER.readTree(value).size());
        return new Result(
                "bare KafkaConsumer + Jackson readTree",
                consumed.records(),
                consumed.spent(),
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
                consumed.spent(),
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
                run.spent(),
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
                run.spent(),
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
                run.spent(),
                peakRssKib(serverPid),
                "the ClickHouse server",
                run.rows(),
                note);
    }

    private interface ValueHandler {
        void handle(byte[] value) throws Exception;
    }

    private record Consumed(long records, CpuClock.Reading spent) {}

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
            CpuClock clock = CpuClock.start();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long progress = System.nanoTime();
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
            return new Consumed(read, clock.read());
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
        List<Result> consumers = withPrefix(results, "bare ");
        if (consumers.isEmpty()) {
            throw new IllegalStateException("no bare consumer run");
        }
        int width = results.stream().mapToInt(r -> r.system().length()).max().orElse(0);
        String format = "%-" + width + "s %9s %6s %8s %7s %7s %7s %9s %10s  %-22s %s%n";
        System.out.println();
        System.out.printf(
                format,
                "system",
                "events/s",
                "ratio",
                "seconds",
                "CPU-s",
                "CH",
                "Kafka",
                "µs/event",
                "peak RSS",
                "RSS of",
                "rows written");
        for (Result r : results) {
            Result baseline =
                    consumers.stream()
                            .filter(consumer -> consumer.isSecondRun() == r.isSecondRun())
                            .findFirst()
                            .orElse(consumers.get(0));
            System.out.printf(
                    format,
                    r.system(),
                    String.format("%,.0f", r.eventsPerSecond()),
                    String.format("%.2f", r.eventsPerSecond() / baseline.eventsPerSecond()),
                    String.format("%.1f", r.spent().seconds()),
                    cpuText(r.spent().jvm()),
                    cpuText(r.spent().clickHouse()),
                    cpuText(r.spent().kafka()),
                    String.format("%.1f", r.cpuMicrosPerEvent()),
                    megabytes(r.peakRssKib()),
                    r.rssOf(),
                    rowsText(r.rows()) + (r.note().isEmpty() ? "" : " (" + r.note() + ")"));
        }
        System.out.printf(
                "%nevents/s: the topic's %,d records over each system's own time; ratio: events/s"
                        + " over the bare consumer's (second runs: over its second run's, if"
                        + " measured); CPU-s, CH, Kafka: CPU seconds of the system's own JVM,"
                        + " the ClickHouse server and the Kafka broker meanwhile; µs/event: the"
                        + " three together per event.%n%n",
                consumers.get(0).records());
        for (Result sql : withPrefix(results, "Flink SQL peer")) {
            for (Result job : withPrefix(results, "metrics job")) {
                if (job.isSecondRun() != sql.isSecondRun()) {
                    continue;
                }
                System.out.printf(
                        "%s against %s: %.2f (CPU per event: %.2f)%n",
                        job.system(),
                        sql.system(),
                        job.eventsPerSecond() / sql.eventsPerSecond(),
                        job.cpuMicrosPerEvent() / sql.cpuMicrosPerEvent());
            }
        }
    }

    private static List<Result> withPrefix(List<Result> results, String prefix) {
        return results.stream().filter(r -> r.system().startsWith(prefix)).toList();
    }

    private static String megabytes(long kib) {
        return kib < 0 ? "unknown" : String.format("%,d MiB", Math.round(kib / 1024.0));
    }

    private static String cpuText(double seconds) {
        return seconds < 0 ? "?" : String.format("%.1f", seconds);
    }

    private static String rowsText(long rows) {
        return rows < 0 ? "none" : String.format("%,d", rows);
    }
}
