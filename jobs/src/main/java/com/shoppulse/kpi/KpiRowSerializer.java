package com.shoppulse.kpi;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes KPI rows to the KPI topic, keyed by series; see {@link KpiRowJson}. */
public final class KpiRowSerializer implements KafkaRecordSerializationSchema<KpiRow> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public KpiRowSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            KpiRow row, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, KpiRowJson.key(row), KpiRowJson.write(row));
    }
}
