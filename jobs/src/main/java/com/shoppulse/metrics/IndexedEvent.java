package com.shoppulse.metrics;

import com.shoppulse.events.ShopEvent;

/** A de-duplicated event with its user's dense index from the {@link UserDictionary}. */
public class IndexedEvent {
    public ShopEvent event;
    public int userIndex;

    public IndexedEvent() {}

    public IndexedEvent(ShopEvent event, int userIndex) {
        this.event = event;
        this.userIndex = userIndex;
    }
}
