package com.shoppulse.it;

import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** How the integration tests and benchmarks run the jobs on a local Flink. */
public final class TestFlink {
    private TestFlink() {}

    /** A MiniCluster with one TaskManager of two slots, the parallelism the tests use. */
    public static MiniClusterExtension twoSlots() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /**
     * The metrics job's own Kafka source, bounded by what is in the topic now: the job ends when it
     * has read it all, and every window fires at the end of the input.
     */
    public static DataStream<ParsedRecord> eventsInTopicNow(
            StreamExecutionEnvironment env, MetricsJobConfig config) {
        return new MetricsJob(config)
                .readEvents(
                        env,
                        MetricsJob.kafkaSource(config)
                                .setBounded(OffsetsInitializer.latest())
                                .build());
    }
}
