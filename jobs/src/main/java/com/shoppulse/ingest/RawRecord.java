package com.shoppulse.ingest;

/**
 * A record value as read from Kafka, before parsing, with where it came from for dead letters and
 * the record's Kafka timestamp ({@code -1} when it has none). The value stays bytes: whether they
 * are valid UTF-8 is for the parser to judge.
 */
public class RawRecord {
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    public long timestampMillis;

    public RawRecord() {}

    public RawRecord(byte[] value, String topic, int partition, long offset, long timestampMillis) {
        this.value = value;
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
