package com.shoppulse.it;

import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
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
        return new MetricsJob(config).readEvents(env, sourceOfTopicNow(config));
    }

    /** The metrics job's own Kafka source, bounded by what is in the topic now. */
    public static KafkaSource<ParsedRecord> sourceOfTopicNow(MetricsJobConfig config) {
        return MetricsJob.kafkaSource(config).setBounded(OffsetsInitializer.latest()).build();
    }

    /**
     * The metrics job with its real sinks over what is in its topic now, at the tests' parallelism
     * of 2 with a checkpoint every second; returns when it has read it all.
     */
    public static void runMetricsJobOverTopicNow(MetricsJobConfig config, String name)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        withFileCheckpoints(new Configuration()));
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        new MetricsJob(config).build(eventsInTopicNow(env, config), MetricsJob.Sinks.of(config));
        env.execute(name);
    }

    /**
     * {@code conf} with checkpoints to files in a fresh directory, as on the cluster
     * (flink-conf/config.yaml): the default in-memory storage caps a subtask's checkpoint at 5 MB,
     * less than a day of windows or a replay of the local stack's traffic holds, and each
     * checkpoint over it fails and restarts the job.
     */
    public static Configuration withFileCheckpoints(Configuration conf) throws IOException {
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("test-checkpoints").toUri().toString());
        return conf;
    }
}
