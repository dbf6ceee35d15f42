package com.shoppulse.ingest;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
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

    static ParsedEvent parsed(ShopEvent e) {
        return new ParsedEvent(e, new RawRecord("{\"event_id\":\"" + e.eventId + "\"}", "t", 0, 7));
    }
}
