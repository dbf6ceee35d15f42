package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;

/**
 * A valid event still paired with its raw record, so that a late one can be dead-lettered with its
 * original payload. The pairing ends at {@link LateEventFilter}.
 */
public class ParsedEvent {
    public ShopEvent event;
    public RawRecord source;

    public ParsedEvent() {}

    public ParsedEvent(ShopEvent event, RawRecord source) {
        this.event = event;
        this.source = source;
    }
}
