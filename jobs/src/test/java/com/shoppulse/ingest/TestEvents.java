package com.shoppulse.ingest;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Small hand-made events for operator tests. */
final class TestEvents {
    private TestEvents() {}

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static ShopEvent view(String eventId, String user, long time) {
        ShopEvent e = new ShopEvent();
        e.eventId = eventId;
        e.type = EventType.VIEW;
        e.userId = user;
        e.eventTimeMillis = time;
        return e;
    }

    static RawRecord raw(String value, String topic, int partition, long offset, long time) {
        return new RawRecord(
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                topic,
                partition,
                offset,
                time);
    }

    /** The event as the source parsed it from offset 7 of partition {@code t-partition}. */
    static ParsedRecord parsed(ShopEvent e, int partition) {
        return ParsedRecord.valid(
                raw("{\"event_id\":\"" + e.eventId + "\"}", "t", partition, 7, e.eventTimeMillis),
                e);
    }
}
