package com.shoppulse.ingest;

/**
 * A record value as read from Kafka, before parsing, with where it came from for dead letters and
 * the record's Kafka timestamp ({@code -1} when it has none).
 */
public class RawRecord {
    public String payload;
    public String topic;
    public int partition;
    public long offset;
    public long timestampMillis;

    public RawRecord() {}

    public RawRecord(
            String payload, String topic, int partition, long offset, long timestampMillis) {
        this.payload = payload;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMillis = timestampMillis;
    }

    /** The Kafka partition this record came from, as Kafka writes it: {@code topic-partition}. */
    public String topicPartition() {
        return topic + "-" + partition;
    }
}
