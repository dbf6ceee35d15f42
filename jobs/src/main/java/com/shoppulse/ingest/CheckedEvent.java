package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;

/**
 * A valid event after {@link LateEventFilter} judged its time: on time, or late with the dead
 * letter it becomes unless {@link Deduplicate} finds it a copy of an event already counted (a copy
 * is a duplicate, however late it comes).
 */
public class CheckedEvent {
    public ShopEvent event;
    public DeadLetter late;

    public CheckedEvent() {}

    public static CheckedEvent onTime(ShopEvent event) {
        CheckedEvent checked = new CheckedEvent();
        checked.event = event;
        return checked;
    }

    public static CheckedEvent late(ShopEvent event, DeadLetter letter) {
        CheckedEvent checked = onTime(event);
        checked.late = letter;
        return checked;
    }

    public boolean isLate() {
        return late != null;
    }

    /** The key under which copies of one event are one: see {@link ShopEvent#dedupKey()}. */
    public String dedupKey() {
        return event.dedupKey();
    }
}
