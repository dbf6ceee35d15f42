package com.shoppulse.generator.simulation;

import com.shoppulse.generator.shop.ShopProfile;
import java.io.Serializable;
import java.time.Instant;

/**
 * Everything the simulated traffic depends on: with the same settings, the simulator makes the same
 * records.
 *
 * @param seed picks one of the possible histories of the shop
 * @param start the simulated instant the shop opens; its second is the first second simulated
 * @param profile the shop's size and habits
 * @param incidents what goes wrong every simulated day
 * @param faults how much of the traffic arrives spoilt
 */
public record SimulationSettings(
        long seed, Instant start, ShopProfile profile, IncidentSchedule incidents, Faults faults)
        implements Serializable {

    /** These settings with the shop opening at {@code otherStart}. */
    public SimulationSettings startingAt(Instant otherStart) {
        return new SimulationSettings(seed, otherStart, profile, incidents, faults);
    }
}
