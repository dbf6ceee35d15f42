package com.shoppulse.it;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.ingest.CheckedEvent;
import com.shoppulse.ingest.CountedEvent;
import com.shoppulse.ingest.Deduplicate;
import com.shoppulse.metrics.MetricsJobConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Measures how long the de-duplication's clean-ups hold up a watermark: USERS (100,000) users each
 * send KEYS (3) views within one hour, into one {@link Deduplicate} on RocksDB with the memory a
 * slot of the shipped TaskManager has (64 MB) and the settings of {@code flink-conf/config.yaml},
 * which {@code ./bench/run.sh} passes on; the retention is the job's for its default windows and
 * lateness (a day, a minute and an hour). Then the watermark goes on in steps of 5 s, as a live
 * shop's does, over the three hours in which those users expire. Prints the worst steps, the median
 * and the number over 20 ms, and the time of all steps together: the clean-ups' whole cost, and how
 * much of it one watermark carries, holding up every window that closes behind it. Wall time of one
 * thread, on an operator test harness rather than a cluster. Not a test: {@code ./bench/run.sh
 * cleanup [USERS] [KEYS]} (no services needed).
 *
 * <p>Without the slot's memory, RocksDB in a harness has so little that it makes tiny files and
 * reads slow down with every one: 10,000 users with 20 views each took 30 s to write instead of
 * 1.4.
 */
public final class CleanupBenchmark {
    /** The job's own, for its default windows and lateness. */
    private static final long RETENTION = MetricsJobConfig.fromArgs().dedupRetentionMillis();

    private static final long STEP = 5_000;

    private CleanupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>(
                        new Deduplicate(RETENTION), CheckedEvent::userId, Types.STRING, 128, 1, 0);
        Configuration slot = new Configuration();
        slot.set(RocksDBOptions.FIX_PER_SLOT_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        harness.setStateBackend(
                new EmbeddedRocksDBStateBackend()
                        .configure(
                                MetricsJobRun.clusterLike(slot),
                                CleanupBenchmark.class.getClassLoader()));
        harness.open();
        long hour = Instant.parse("2025-06-02T10:00:00Z").toEpochMilli();
        Random random = new Random(7);
        for (int user = 0; user < users; user++) {
            for (int key = 0; key < keys; key++) {
                ShopEvent view = new ShopEvent();
                view.eventId = new UUID(random.nextLong(), random.nextLong()).toString();
                view.type = EventType.VIEW;
                view.userId = "user" + user;
                view.eventTimeMillis = hour + random.nextInt(3_600_000);
                harness.processElement(CheckedEvent.onTime(view), view.eventTimeMillis);
            }
        }
        int timers = harness.numEventTimeTimers();

        List<Long> steps = new ArrayList<>();
        long from = hour + RETENTION;
        for (long watermark = from; watermark < from + 3 * 3_600_000; watermark += STEP) {
            long start = System.nanoTime();
            harness.processWatermark(watermark);
            steps.add(System.nanoTime() - start);
        }
        long total = steps.stream().mapToLong(Long::longValue).sum();
        steps.sort(null);
        System.out.printf(
                "%,d users, %d views each, %,d clean-up timers; the watermark over 3 hours in %,d"
                        + " steps of %d s, %,d timers left%n",
                users, keys, timers, steps.size(), STEP / 1000, harness.numEventTimeTimers());
        System.out.printf(
                "all steps %,.0f ms; the worst 5 %s ms; median %.2f ms; over 20 ms: %d%n",
                total / 1e6,
                steps.subList(steps.size() - 5, steps.size()).stream()
                        .map(nanos -> String.format("%,.0f", nanos / 1e6))
                        .toList(),
                steps.get(steps.size() / 2) / 1e6,
                steps.stream().filter(nanos -> nanos > 20_000_000).count());
        harness.close();
    }
}
