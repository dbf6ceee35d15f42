package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a shop record to the topic as UTF-8, keyed by its user id. */
public final class ShopRecordSerializer implements KafkaRecordSerializationSchema<ShopRecord> {

    private final String topic;

    public ShopRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ShopRecord record, KafkaSinkContext context, Long timestamp) {
        // No record timestamp: simulated time runs ahead of the clock, and brokers reject
        // records stamped too far in the future. The producer stamps the sending time.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                record.userId().getBytes(StandardCharsets.UTF_8),
                record.json().getBytes(StandardCharsets.UTF_8));
    }
}
