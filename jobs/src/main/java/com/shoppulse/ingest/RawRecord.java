package com.shoppulse.ingest;

/** A record value as read from Kafka, before parsing, with where it came from for dead letters. */
public class RawRecord {
    public String payload;
    public String topic;
    public int partition;
    public long offset;

    public RawRecord() {}

    public RawRecord(String payload, String topic, int partition, long offset) {
        this.payload = payload;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }
}
