package com.shoppulse.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter as one JSON object: {@code reason} (machine-readable code), {@code detail}
 * (for people), {@code payload} (the original value as text, cut to the configured size), {@code
 * payload_bytes} and {@code payload_sha256} (of the whole original value), {@code
 * payload_truncated}, {@code source} (topic, partition, offset) and {@code rejected_at} (ISO-8601,
 * UTC).
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient ObjectMapper mapper;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode json = mapper.createObjectNode();
        json.put("reason", letter.reason);
        json.put("detail", letter.detail);
        json.put("payload", letter.payload);
        json.put("payload_bytes", letter.payloadBytes);
        json.put("payload_sha256", letter.payloadSha256);
        json.put("payload_truncated", letter.payloadTruncated);
        json.putObject("source")
                .put("topic", letter.sourceTopic)
                .put("partition", letter.sourcePartition)
                .put("offset", letter.sourceOffset);
        json.put("rejected_at", Instant.ofEpochMilli(letter.rejectedAtMillis).toString());
        try {
            return new ProducerRecord<>(
                    topic,
                    letter.reason.getBytes(StandardCharsets.UTF_8),
                    mapper.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
