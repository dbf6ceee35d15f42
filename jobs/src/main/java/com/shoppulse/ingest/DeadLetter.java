package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;

/** A rejected record: the original payload, why it was rejected, where it came from and when. */
public class DeadLetter {
    public String reason;
    public String detail;
    public String payload;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long rejectedAtMillis;

    public DeadLetter() {}

    public static DeadLetter of(RawRecord record, RejectReason reason, String detail, long now) {
        DeadLetter letter = new DeadLetter();
        letter.reason = reason.code();
        letter.detail = detail;
        letter.payload = record.payload;
        letter.sourceTopic = record.topic;
        letter.sourcePartition = record.partition;
        letter.sourceOffset = record.offset;
        letter.rejectedAtMillis = now;
        return letter;
    }
}
