package com.shoppulse.it;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.SchemaMigrator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real Kafka broker and ClickHouse server the integration and end-to-end tests run against;
 * {@code ./local/test.sh} starts them and passes their addresses in the environment.
 */
public final class TestServices {
    private TestServices() {}

    public static String kafka() {
        return required("SHOPPULSE_IT_KAFKA");
    }

    public static String clickHouse() {
        return required("SHOPPULSE_IT_CLICKHOUSE_URL");
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    variable
                            + " is not set: run ./local/test.sh, which starts the services this"
                            + " test needs");
        }
        return value;
    }

    /** A record to send: its key, and its value (null for a tombstone). */
    public record Keyed(String key, byte[] value) {}

    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A new database of its own on the test server, with {@code sql/} applied. */
    public static ClickHouseOptions migratedDatabase(String prefix) throws Exception {
        ClickHouseOptions options =
                new ClickHouseOptions(clickHouse(), "default", "", uniqueName(prefix));
        SchemaMigrator.migrate(options);
        return options;
    }

    /** The most a record in a tests' topic may be: enough for a 5 MB hostile record. */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    /** A topic that takes records up to {@link #MAX_RECORD_BYTES}. */
    public static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, partitions, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "max.message.bytes",
                                                            String.valueOf(MAX_RECORD_BYTES)))))
                    .all()
                    .get();
        }
    }

    /** How many records a topic holds now: the sum of its partitions' end offsets. */
    public static long recordsIn(String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka());
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Sends records in order, keyed by the given keys, and waits until all are acknowledged. */
    public static void produce(String topic, List<String[]> keyedValues) throws Exception {
        produce(topic, null, keyedValues);
    }

    /**
     * Sends records in order to one partition, or by key when {@code partition} is null, and waits
     * until all are acknowledged.
     */
    public static void produce(String topic, Integer partition, List<String[]> keyedValues)
            throws Exception {
        produceBytes(
                topic,
                partition,
                keyedValues.stream()
                        .map(
                                kv ->
                                        new Keyed(
                                                kv[0],
                                                kv[1] == null
                                                        ? null
                                                        : kv[1].getBytes(StandardCharsets.UTF_8)))
                        .toList());
    }

    /** As {@link #produce(String, Integer, List)}, with values as bytes. */
    public static void produceBytes(String topic, Integer partition, List<Keyed> keyedValues)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("enable.idempotence", "true");
        // One batch in flight: the tests write to topics created a moment before, whose partitions
        // can refuse a first batch (not yet leader) and take the next, and the first one's retry
        // then breaks the idempotent sequence (OutOfOrderSequenceException) and is never written.
        props.put("max.in.flight.requests.per.connection", "1");
        props.put("max.request.size", String.valueOf(MAX_RECORD_BYTES));
        SendCheck check = new SendCheck(topic);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (Keyed kv : keyedValues) {
                producer.send(
                        new ProducerRecord<>(topic, partition, kv.key(), kv.value()), check.next());
            }
        }
        check.verify();
    }

    /** Reads a topic from the start until {@code expected} records arrived or the bound passed. */
    public static List<String> consume(String topic, int expected, Duration bound) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka());
        props.put("group.id", uniqueName("it"));
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + bound.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // A short extra poll, so that more records than expected would be seen too.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
