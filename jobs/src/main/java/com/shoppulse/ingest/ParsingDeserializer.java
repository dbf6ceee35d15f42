package com.shoppulse.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses each Kafka record inside the source, so that the source can give each partition its own
 * watermark from the events' times. It never throws: a record that is not a valid event comes out
 * as a rejected {@link ParsedRecord}, which {@link RejectInvalid} turns into a dead letter.
 */
public final class ParsingDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;

    public ParsingDeserializer(RecordParser parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
        RawRecord raw =
                new RawRecord(
                        record.value(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp());
        out.collect(parser.parse(raw, System.currentTimeMillis()));
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
