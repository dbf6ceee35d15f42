package com.shoppulse.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.generator.pipeline.ShopSource;
import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.Traffic;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GeneratorJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @Test
    void sendsExactlyTheSimulatedRecordsInOrder() throws Exception {
        CollectingSink.RECORDS.clear();

        new GeneratorJob(
                        ShopSource.create(Traffic.defaults(), 86_400, OptionalLong.of(3_000)),
                        new CollectingSink())
                .execute();

        List<ShopRecord> expected = Traffic.day(Traffic.defaults());
        assertThat(CollectingSink.RECORDS).isEqualTo(expected.subList(0, 3_000));
    }

    @Test
    void everyOperatorHasAStableUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new GeneratorJob(
                        ShopSource.create(Traffic.defaults(), 86_400, OptionalLong.of(3_000)),
                        new CollectingSink())
                .build(env);

        assertThat(env.getStreamGraph().getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .containsExactlyInAnyOrder("simulated-shop", "records", "progress", "kafka-sink");
    }

    /** Keeps what the job sends where the test can read it: sinks run as copies. */
    private static class CollectingSink implements Sink<ShopRecord> {
        static final List<ShopRecord> RECORDS = new CopyOnWriteArrayList<>();

        @Override
        public SinkWriter<ShopRecord> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ShopRecord record, Context context) {
                    RECORDS.add(record);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
