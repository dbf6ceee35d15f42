package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event as a shopper makes it, before the network spoils any of it.
 *
 * @param epochMilli when it happens
 * @param userId whose it is
 * @param body the event as contract v1 writes it
 * @param faultSeed the seed of the event's own faults, so that they depend on nothing else
 */
record PlannedEvent(long epochMilli, String userId, ObjectNode body, long faultSeed) {

    String type() {
        return body.get("event_type").asText();
    }
}
