package com.shoppulse.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes alerts to the alerts topic as JSON, keyed by alert id (so an incident's FIRING and
 * RESOLVED stay in order): the fields of {@link Alert} in snake_case, times as ISO-8601.
 */
public final class AlertJson implements KafkaRecordSerializationSchema<Alert> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient ObjectMapper mapper;

    public AlertJson(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Alert a, KafkaSinkContext context, Long timestamp) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode json = mapper.createObjectNode();
        json.put("alert_id", a.alertId);
        json.put("rule_id", a.ruleId);
        json.put("kpi", a.kpi);
        json.put("scope", a.scope);
        json.put("scope_value", a.scopeValue);
        json.put("condition", a.condition);
        json.put("state", a.state.name());
        json.put("severity", a.severity);
        json.put("window_seconds", a.windowSeconds);
        json.put("window_start", Instant.ofEpochMilli(a.windowStartMillis).toString());
        json.put("window_end", Instant.ofEpochMilli(a.windowEndMillis).toString());
        json.put("value", a.value);
        json.put("threshold", a.threshold);
        if (a.previousValue != null) {
            json.put("previous_value", a.previousValue);
        }
        json.put("created_at", Instant.ofEpochMilli(a.createdAtMillis).toString());
        return new ProducerRecord<>(
                topic,
                a.alertId.getBytes(StandardCharsets.UTF_8),
                json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
