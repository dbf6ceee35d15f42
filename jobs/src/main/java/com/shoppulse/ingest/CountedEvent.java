package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;

/**
 * An event that counts: valid, on time and the first of its copies, with its user's dense index
 * from {@link Deduplicate}, which distinct-user bitmaps are built from.
 */
public final class CountedEvent {
    public final ShopEvent event;
    public final int userIndex;

    public CountedEvent(ShopEvent event, int userIndex) {
        this.event = event;
        this.userIndex = userIndex;
    }
}
