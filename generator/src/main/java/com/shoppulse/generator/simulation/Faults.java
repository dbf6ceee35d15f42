package com.shoppulse.generator.simulation;

import java.io.Serializable;

/**
 * How much of the traffic arrives spoilt, as real client traffic does; each share is a fraction of
 * the events the shoppers make, decided for every event on its own.
 *
 * @param duplicateShare events sent twice: the identical record again, except that half of the
 *     repeated orders come back with a new event id for the same order id, as a client that retries
 *     its checkout would send them
 * @param lateShare events whose event time lies several simulated hours (2 to 6) before the moment
 *     they are sent
 * @param malformedShare events sent broken instead: not JSON, a required field missing, a negative
 *     price, a zero quantity, an order amount that is not the sum of its items, an unknown event
 *     type or an unreadable event time
 */
public record Faults(double duplicateShare, double lateShare, double malformedShare)
        implements Serializable {

    public static final Faults NONE = new Faults(0, 0, 0);

    public Faults {
        for (double share : new double[] {duplicateShare, lateShare, malformedShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("a share lies between 0 and 1, got " + share);
            }
        }
    }
}
