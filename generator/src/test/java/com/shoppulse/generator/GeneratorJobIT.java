package com.shoppulse.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.Traffic;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the generator job against a real Kafka broker and reads back what it wrote. */
class GeneratorJobIT {

    private static final int EVENTS = 2_000;

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    private static String kafka;

    @BeforeAll
    static void needsKafka() {
        kafka = System.getenv("SHOPPULSE_IT_KAFKA");
        if (kafka == null || kafka.isBlank()) {
            fail("run ./local/test.sh, which starts the services this test needs");
        }
    }

    @Test
    void writesTheSimulatedShopToKafkaKeyedByUser() throws Exception {
        String topic = "generator-it-" + UUID.randomUUID();
        // One partition, so that the topic keeps the job's order for the whole sequence.
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        String[] args = {
            "--bootstrap-servers", kafka,
            "--events-topic", topic,
            "--seed", "7",
            "--start", "2026-11-23T00:00:00Z",
            "--speed-up", "86400",
            "--max-events", String.valueOf(EVENTS),
            "--duplicate-share", "0.05",
            "--late-share", "0.05",
            "--malformed-share", "0.05"
        };

        GeneratorJob.main(args);

        List<ConsumerRecord<byte[], byte[]>> written = readAll(topic);
        assertThat(written).hasSize(EVENTS);
        List<ShopRecord> sent =
                written.stream().map(r -> new ShopRecord(utf8(r.key()), utf8(r.value()))).toList();
        assertThat(sent).isEqualTo(simulated(GeneratorConfig.parse(args, Clock.systemUTC())));
        List<ShopRecord> readable = sent.stream().filter(r -> userIdIn(r).isPresent()).toList();
        assertThat(readable)
                .as("all but the malformed records name their user")
                .hasSizeGreaterThan(EVENTS * 9 / 10)
                .allSatisfy(r -> assertThat(r.userId()).isEqualTo(userIdIn(r).orElseThrow()));
    }

    private static Optional<String> userIdIn(ShopRecord record) {
        try {
            return Optional.ofNullable(Traffic.parse(record).get("user_id")).map(JsonNode::asText);
        } catch (UncheckedIOException notJson) {
            return Optional.empty();
        }
    }

    private static List<ShopRecord> simulated(GeneratorConfig config) {
        ShopSimulator simulator = new ShopSimulator(config.simulation());
        List<ShopRecord> records = new ArrayList<>();
        for (long second = 0; records.size() < EVENTS; second++) {
            records.addAll(simulator.recordsAt(second));
        }
        return records.subList(0, EVENTS);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                        ByteArrayDeserializer.class,
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                        ByteArrayDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
