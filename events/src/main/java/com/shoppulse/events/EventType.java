package com.shoppulse.events;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of shop events in contract v1, with their names on the wire. */
public enum EventType {
    VIEW("view"),
    ADD_TO_CART("add_to_cart"),
    ORDER("order");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
