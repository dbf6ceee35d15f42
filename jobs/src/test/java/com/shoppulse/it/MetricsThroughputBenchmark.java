package com.shoppulse.it;

import java.util.Arrays;
import java.util.List;

/**
 * Measures how many events per second the metrics job sustains on this machine, with checkpoints
 * and the real ClickHouse sinks, and counts its dead letters by reason. Not a test: run it with
 * {@code ./bench/run.sh}, which starts the services; the README's "Benchmarks" section lists the
 * figures.
 *
 * <pre>
 * RECORDS [PARALLELISM,...]          the integration test's traffic (duplicates, late and malformed
 *                                    records included) written to a fresh 2-partition topic first
 * --topic NAME [PARALLELISM,...]     whatever is in that topic now (run.sh fills one with the
 *                                    generator)
 * </pre>
 *
 * The job runs once per parallelism (default 2), each time over the whole topic into a fresh
 * database ({@link MetricsJobRun}).
 */
public final class MetricsThroughputBenchmark {
    /** The job's event-time options here; its windows are the default ones (1m, 1h, 1d). */
    private static final List<String> OPTIONS =
            List.of("--max-out-of-orderness", "30s", "--allowed-lateness", "2m");

    private MetricsThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        String topic;
        int next;
        if (args.length > 1 && args[0].equals("--topic")) {
            topic = args[1];
            next = 2;
        } else {
            int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
            topic = TestServices.uniqueName("bench");
            TestServices.createTopic(topic, 2);
            List<TestTraffic.Sent> sent = TestTraffic.generate(7, records);
            long produceStart = System.nanoTime();
            TestServices.produceBytes(
                    topic, null, sent.stream().map(TestTraffic.Sent::keyed).toList());
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            System.out.printf(
                    "records: %,d produced in %.1f s (%,.0f records/s)%n",
                    records, produceSeconds, records / produceSeconds);
            next = 1;
        }
        int[] parallelisms =
                args.length > next
                        ? Arrays.stream(args[next].split(",")).mapToInt(Integer::parseInt).toArray()
                        : new int[] {2};
        for (int parallelism : parallelisms) {
            System.out.println(
                    MetricsJobRun.over(
                                    topic, parallelism, TestServices.uniqueName("bench"), OPTIONS)
                            .summary());
        }
    }
}
