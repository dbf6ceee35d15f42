package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shoppulse.generator.shop.Seeds;
import java.util.List;
import java.util.SplittableRandom;

/** Sends events the way an unreliable network and buggy clients would, in the given shares. */
final class FaultInjector {

    private static final long MIN_LATENESS_MILLIS = 2 * 3_600_000L;
    private static final long MAX_LATENESS_MILLIS = 6 * 3_600_000L;

    private final Faults faults;

    FaultInjector(Faults faults) {
        this.faults = faults;
    }

    /** Appends the records that this event turns into: usually one, sometimes two. */
    void send(PlannedEvent event, List<ShopRecord> out) {
        SplittableRandom random = new SplittableRandom(event.faultSeed());
        // All three drawn every time, so that changing one share leaves the other faults alone.
        boolean malformed = random.nextDouble() < faults.malformedShare();
        boolean late = random.nextDouble() < faults.lateShare();
        boolean duplicated = random.nextDouble() < faults.duplicateShare();
        if (malformed) {
            out.add(new ShopRecord(event.userId(), Malformation.breakEvent(event, random)));
            return;
        }
        ObjectNode body = late ? backdated(event, random) : event.body();
        ShopRecord record = new ShopRecord(event.userId(), body.toString());
        out.add(record);
        if (duplicated) {
            out.add(
                    event.type().equals(EventJson.ORDER) && random.nextBoolean()
                            ? resentOrder(event, body)
                            : record);
        }
    }

    private static ObjectNode backdated(PlannedEvent event, SplittableRandom random) {
        long lateness = random.nextLong(MIN_LATENESS_MILLIS, MAX_LATENESS_MILLIS);
        ObjectNode body = event.body().deepCopy();
        body.put("event_time", EventJson.eventTime(event.epochMilli() - lateness));
        return body;
    }

    // A client that did not hear back from checkout sends the same order as a new event.
    private static ShopRecord resentOrder(PlannedEvent event, ObjectNode body) {
        ObjectNode resent = body.deepCopy();
        resent.put("event_id", Seeds.uuid("resent-event-id", event.faultSeed()).toString());
        return new ShopRecord(event.userId(), resent.toString());
    }
}
