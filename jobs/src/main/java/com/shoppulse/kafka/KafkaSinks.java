package com.shoppulse.kafka;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The jobs' Kafka sinks: at least once, flushed on every checkpoint. Readers of our topics (dead
 * letters, KPI rows, alerts) get every record, and after a restore possibly a record twice; each
 * carries an id (source offset, window, alert id) to recognise that by.
 */
public final class KafkaSinks {
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private KafkaSinks() {}

    public static <T> Sink<T> atLeastOnce(
            String bootstrapServers, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                // Named, not left to the default: dead letters are bounded to fit it (see
                // DeadLetter.MAX_PAYLOAD_BYTES), so no record can make a send fail for its size.
                .setProperty("max.request.size", String.valueOf(MAX_REQUEST_BYTES))
                .build();
    }
}
