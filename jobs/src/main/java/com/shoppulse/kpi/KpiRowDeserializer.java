package com.shoppulse.kpi;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the metrics job's KPI topic. A record that is not a KPI row (someone else wrote to the
 * topic) is logged and skipped: alerting must not stop over it.
 */
public final class KpiRowDeserializer implements KafkaRecordDeserializationSchema<KpiRow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KpiRowDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KpiRow> out) {
        try {
            out.collect(KpiRowJson.read(record.value()));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Skipping a record at {}-{}@{} that is not a KPI row: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<KpiRow> getProducedType() {
        return TypeInformation.of(KpiRow.class);
    }
}
