package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

class MetricsJobTest {
    @Test
    void aWatermarkWaitsAtMostTheShortTimeoutAtEachShuffle() {
        MetricsJobConfig config = MetricsJobConfig.fromArgs();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MetricsJob job = new MetricsJob(config);
        job.build(
                job.readEvents(env, MetricsJob.kafkaSource(config).build()),
                MetricsJob.Sinks.of(config));
        StreamGraph graph = env.getStreamGraph();

        List<StreamEdge> shuffles =
                graph.getStreamNodes().stream()
                        .filter(
                                node ->
                                        List.of("dedup", "KPIs per window")
                                                .contains(node.getOperatorName()))
                        .flatMap(node -> node.getInEdges().stream())
                        .toList();

        assertThat(shuffles).hasSize(2);
        assertThat(shuffles)
                .allSatisfy(
                        edge ->
                                assertThat(edge.getBufferTimeout())
                                        .isEqualTo(MetricsJob.SHUFFLE_BUFFER_TIMEOUT_MILLIS));
    }
}
