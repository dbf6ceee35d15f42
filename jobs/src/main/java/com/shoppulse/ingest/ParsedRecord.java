package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;

/**
 * A Kafka record after parsing, as the source emits it: either a valid {@link #event} or the reason
 * it was rejected, always with its raw record, so that a rejected or late one can be dead-lettered
 * with its original payload.
 */
public class ParsedRecord {
    public RawRecord source;
    public ShopEvent event;
    public RejectReason rejectReason;
    public String rejectDetail;

    public ParsedRecord() {}

    public static ParsedRecord valid(RawRecord source, ShopEvent event) {
        ParsedRecord parsed = new ParsedRecord();
        parsed.source = source;
        parsed.event = event;
        return parsed;
    }

    public static ParsedRecord rejected(RawRecord source, RejectReason reason, String detail) {
        ParsedRecord parsed = new ParsedRecord();
        parsed.source = source;
        parsed.rejectReason = reason;
        parsed.rejectDetail = detail;
        return parsed;
    }

    public boolean isValid() {
        return event != null;
    }

    /**
     * The event time that drives the watermark of this record's partition; a rejected record has
     * none and so never moves it.
     */
    public long eventTimeOrMin() {
        return isValid() ? event.eventTimeMillis : Long.MIN_VALUE;
    }
}
