package com.shoppulse.it;

import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.ingest.RawRecord;
import com.shoppulse.ingest.RecordParser;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Measures the CPU time the metrics job spends parsing one record, for every kind of record in the
 * integration test's traffic: valid events and each kind of hostile record, the huge ones included.
 * The requirement it serves: no record may cost more than a few milliseconds of CPU. Not a test:
 * run it with {@code ./bench/run.sh parse-cost [RECORDS]} (no services needed); the README's
 * "Benchmarks" section lists the figures.
 *
 * <p>The records are those of {@code TestTraffic.generate(7, RECORDS)} (4,000 by default), parsed
 * by the job's own {@link RecordParser} as if written to Kafka now. After a warm-up over all of
 * them, each distinct record is parsed again and again, in batches of about 50 µs, on this one
 * thread; the kinds take turns over several rounds, so that a busy spell of the machine falls on
 * all of them alike. A batch's figure is this thread's CPU time over the batch divided by its
 * parses: time spent waiting for a core is not counted, and neither is the work of other threads,
 * garbage collection above all, whose total is printed apart. On a virtual machine, though, time
 * the host takes the core away while the thread runs counts as the thread's. Per kind the table
 * gives the median, 99th percentile and worst batch, as CPU microseconds per record.
 *
 * <p>It exits with 1 if a record parses to another outcome than the traffic says it must: a check
 * of correctness. The figures are never checked.
 */
public final class ParseCostBenchmark {
    private static final long SEED = 7;
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    /** CPU time spent measuring each kind, shared among its distinct records. */
    private static final long CPU_PER_KIND_NANOS = 500_000_000L;

    /** Turns the kinds take, each with a tenth of its time; each record gets a batch a turn. */
    private static final int ROUNDS = 10;

    /** A batch repeats one record until it takes about this long, so reading the clock is noise. */
    private static final long BATCH_NANOS = 50_000;

    private static final String VALID = "valid event";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final RecordParser PARSER =
            new RecordParser("RUB", RecordParser.DEFAULT_MAX_TIME_AHEAD);

    /** When the records are taken to have been written, and read. */
    private static final long NOW = System.currentTimeMillis();

    /** Written by every parse, so that no parse can be optimized away. */
    private static int sink;

    /** One distinct record value and the outcome it must have: a reject reason, or null. */
    private record Case(byte[] value, String expected) {
        /** A tombstone's value, null, counts as 0 bytes. */
        long length() {
            return value == null ? 0 : value.length;
        }
    }

    /** One kind of record: its distinct values, and what was measured of them. */
    private static final class Kind {
        final String name;
        final List<Case> cases = new ArrayList<>();
        final Set<String> outcomes = new TreeSet<>();

        /** Parses per batch, for each case. */
        int[] repeats;

        /** CPU nanoseconds per record of each batch. */
        final List<Long> samples = new ArrayList<>();

        private long[] sorted;

        Kind(String name) {
            this.name = name;
        }

        /** Each record whose outcome is not the expected one, described; notes the outcomes. */
        void check(List<String> wrong) {
            for (Case c : cases) {
                String outcome = outcome(parse(c.value()));
                outcomes.add(outcome == null ? "valid" : outcome);
                if (!Objects.equals(outcome, c.expected())) {
                    wrong.add(
                            String.format(
                                    "%s (%,d bytes): %s, expected %s",
                                    name,
                                    c.length(),
                                    outcome == null ? VALID : outcome,
                                    c.expected() == null ? VALID : c.expected()));
                }
            }
        }

        /** Sets the parses per batch from the fastest of three single parses of each record. */
        void calibrate() {
            repeats = new int[cases.size()];
            for (int i = 0; i < cases.size(); i++) {
                long fastest = Long.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    long start = cpuNanos();
                    parse(cases.get(i).value());
                    fastest = Math.min(fastest, cpuNanos() - start);
                }
                repeats[i] =
                        (int) Math.max(1, Math.min(100_000, BATCH_NANOS / Math.max(1, fastest)));
            }
        }

        /** One round: batches of each record for its share of the kind's time, one at least. */
        void measureRound() {
            long budget = CPU_PER_KIND_NANOS / ROUNDS / cases.size();
            for (int i = 0; i < cases.size(); i++) {
                byte[] value = cases.get(i).value();
                long spent = 0;
                do {
                    long start = cpuNanos();
                    for (int r = 0; r < repeats[i]; r++) {
                        parse(value);
                    }
                    long took = cpuNanos() - start;
                    spent += took;
                    samples.add(took / repeats[i]);
                } while (spent < budget);
            }
        }

        /** The given quantile of the batches' figures, in microseconds per record. */
        double micros(double quantile) {
            if (sorted == null || sorted.length != samples.size()) {
                sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            return sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e3;
        }

        /** The size of its records in bytes: one figure, or the smallest and largest. */
        String sizes() {
            long min = cases.stream().mapToLong(Case::length).min().orElseThrow();
            long max = cases.stream().mapToLong(Case::length).max().orElseThrow();
            return min == max ? String.format("%,d", max) : String.format("%,d-%,d", min, max);
        }

        String reason() {
            return String.join(",", outcomes);
        }
    }

    private ParseCostBenchmark() {}

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        List<Kind> kinds = kinds(TestTraffic.generate(SEED, records));
        System.out.printf(
                "%,d records of seed %d: %,d distinct in %d kinds; CPU time of the parsing thread"
                        + " per record, after a %d s warm-up%n",
                records,
                SEED,
                kinds.stream().mapToInt(k -> k.cases.size()).sum(),
                kinds.size(),
                WARM_UP_NANOS / 1_000_000_000L);

        List<String> wrong = new ArrayList<>();
        kinds.forEach(k -> k.check(wrong));
        warmUp(kinds);
        kinds.forEach(Kind::calibrate);
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        long start = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            kinds.forEach(Kind::measureRound);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        kinds.sort(Comparator.comparingDouble((Kind k) -> k.micros(0.5)).reversed());
        System.out.printf(
                "%-26s %15s  %-18s %10s %10s %10s %8s%n",
                "kind", "bytes", "reason", "median us", "p99 us", "worst us", "batches");
        for (Kind kind : kinds) {
            System.out.printf(
                    "%-26s %15s  %-18s %10.1f %10.1f %10.1f %8d%n",
                    kind.name,
                    kind.sizes(),
                    kind.reason(),
                    kind.micros(0.5),
                    kind.micros(0.99),
                    kind.micros(1),
                    kind.samples.size());
        }
        Kind costliest = kinds.get(0);
        Kind worstBatch =
                kinds.stream().max(Comparator.comparingDouble(k -> k.micros(1))).orElseThrow();
        System.out.printf(
                "costliest kind: %s, median %.1f us, p99 %.1f us, worst %.1f us per record (%s bytes, %s)%n",
                costliest.name,
                costliest.micros(0.5),
                costliest.micros(0.99),
                costliest.micros(1),
                costliest.sizes(),
                costliest.reason());
        System.out.printf(
                "worst batch of all: %s, %.1f us per record%n",
                worstBatch.name, worstBatch.micros(1));
        System.out.printf(
                "measured in %.1f s; meanwhile garbage collection, on other threads and not counted"
                        + " above: %d collections, %d ms%n",
                seconds, gcCount() - gcCountBefore, gcMillis() - gcMillisBefore);
        if (!wrong.isEmpty()) {
            System.out.println("records parsed to another outcome than the traffic expects:");
            wrong.forEach(w -> System.out.println("  " + w));
            System.exit(1);
        }
    }

    /**
     * The distinct records by kind, in the order they first appear: valid events as one kind,
     * hostile records by the kind the traffic names.
     */
    private static List<Kind> kinds(List<TestTraffic.Sent> sent) {
        Map<String, Set<TestTraffic.Sent>> distinct = new LinkedHashMap<>();
        for (TestTraffic.Sent s : sent) {
            distinct.computeIfAbsent(kindOf(s), k -> new LinkedHashSet<>()).add(s);
        }
        List<Kind> kinds = new ArrayList<>();
        distinct.forEach(
                (name, records) -> {
                    Kind kind = new Kind(name);
                    records.forEach(s -> kind.cases.add(new Case(s.value(), expectedOutcome(s))));
                    kinds.add(kind);
                });
        return kinds;
    }

    private static String kindOf(TestTraffic.Sent s) {
        if (s.valid() == null) {
            return s.kind();
        }
        return expectedOutcome(s) == null ? VALID : "valid, too far ahead";
    }

    /**
     * The reject reason the record must get, or null for one the job counts. A valid event more
     * than the bound after the time its record was written (the traffic's event from 2099) is
     * {@code future_time}, as {@code GroundTruth} reads the rule.
     */
    private static String expectedOutcome(TestTraffic.Sent s) {
        if (s.valid() == null) {
            return s.expectedReason();
        }
        long bound = NOW + RecordParser.DEFAULT_MAX_TIME_AHEAD.toMillis();
        return s.valid().time() > bound ? "future_time" : null;
    }

    /** Parses every record in turn for {@link #WARM_UP_NANOS}, so the JIT has compiled them all. */
    private static void warmUp(List<Kind> kinds) {
        List<Case> all = kinds.stream().flatMap(k -> k.cases.stream()).toList();
        long end = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < end) {
            for (Case c : all) {
                parse(c.value());
            }
        }
    }

    private static ParsedRecord parse(byte[] value) {
        ParsedRecord parsed = PARSER.parse(new RawRecord(value, "events", 0, 0, NOW), NOW);
        sink += parsed.isValid() ? 1 : parsed.rejectReason.ordinal();
        return parsed;
    }

    private static String outcome(ParsedRecord parsed) {
        return parsed.isValid() ? null : parsed.rejectReason.code();
    }

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }
}
