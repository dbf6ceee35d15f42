package com.shoppulse.generator;

import com.shoppulse.generator.pipeline.ProgressLogger;
import com.shoppulse.generator.pipeline.ShopRecordSerializer;
import com.shoppulse.generator.pipeline.ShopSource;
import com.shoppulse.generator.simulation.ShopRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator job: simulates an online electronics shop and writes its traffic to Kafka as event
 * contract v1 JSON, one event per record, keyed by user id. The options are described in {@link
 * GeneratorConfig}.
 */
public class GeneratorJob {
    /** What the job calls itself when it runs: the web UI and the REST API list it so. */
    public static final String NAME = "shop-pulse generator";

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorJob.class);

    private final ShopSource shop;
    private final Sink<ShopRecord> sink;

    /**
     * @param shop ticks of simulated time, and the records of each tick's seconds
     * @param sink where the records go
     */
    public GeneratorJob(ShopSource shop, Sink<ShopRecord> sink) {
        this.shop = shop;
        this.sink = sink;
    }

    public static void main(String[] args) throws Exception {
        if (GeneratorConfig.OPTIONS.printHelpIfAsked(args)) {
            return;
        }
        GeneratorConfig config = GeneratorConfig.parse(args, Clock.systemUTC());
        LOG.info("Simulating the shop with {}", config);
        long behindSeconds = Duration.between(config.start(), Instant.now()).toSeconds();
        // Events from ahead of the clock are rejected downstream (future_time), so say when that
        // begins rather than let it surprise someone hours into a demo.
        LOG.info(
                "Simulated time reaches the present after {} of real time; later events would be"
                        + " rejected as future_time (start earlier or speed up less to run longer)",
                Duration.ofSeconds(Math.max(0, (long) (behindSeconds / config.speedUp()))));
        GeneratorJob job =
                new GeneratorJob(
                        ShopSource.create(
                                config.simulation(), config.speedUp(), config.maxEvents()),
                        KafkaSink.<ShopRecord>builder()
                                .setBootstrapServers(config.bootstrapServers())
                                .setRecordSerializer(new ShopRecordSerializer(config.eventsTopic()))
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build());
        job.execute();
    }

    public JobExecutionResult execute() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env);
        return env.execute(NAME);
    }

    /**
     * Wires the pipeline into {@code env}. Every operator has a fixed uid: the source's position in
     * the simulation, the start the records count it from and the Kafka writer's state are restored
     * by uid, so a renamed or reordered operator must not make a checkpoint unusable.
     */
    void build(StreamExecutionEnvironment env) {
        // One clock drives the shop and one producer keeps each user's events in order, so the
        // job is a single chain; a few hundred events a second is light work for one task.
        env.setParallelism(1);
        env.fromSource(shop.ticks(), WatermarkStrategy.noWatermarks(), "simulated shop")
                .uid("simulated-shop")
                .flatMap(shop.records())
                .returns(ShopRecord.class)
                .name("records")
                .uid("records")
                .map(new ProgressLogger(Duration.ofSeconds(10)))
                .name("progress")
                .uid("progress")
                .sinkTo(sink)
                .name("kafka")
                .uid("kafka-sink");
    }
}
