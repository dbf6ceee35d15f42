package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import java.io.Serializable;
import java.util.List;

/**
 * Where a run with a fixed number of records ends: the simulated second of the last record, and how
 * many of that second's records still go out.
 */
record StopPoint(long lastSecond, int recordsInLastSecond) implements Serializable {

    static final StopPoint NEVER = new StopPoint(Long.MAX_VALUE, 0);

    /**
     * Finds where the given number of records is reached by playing the simulation up to there; the
     * records are a function of their second, so this costs a fraction of what sending them does
     * and frees the source from counting across restarts.
     */
    static StopPoint after(long records, ShopSimulator simulator) {
        long sent = 0;
        for (long second = 0; ; second++) {
            int inSecond = simulator.recordsAt(second).size();
            if (sent + inSecond >= records) {
                return new StopPoint(second, (int) (records - sent));
            }
            sent += inSecond;
        }
    }

    /** How many ticks of this length cover the run. */
    long ticks(long secondsPerTick) {
        return lastSecond == Long.MAX_VALUE ? Long.MAX_VALUE : lastSecond / secondsPerTick + 1;
    }

    /** The records of this second that are part of the run. */
    List<ShopRecord> within(long second, List<ShopRecord> records) {
        if (second < lastSecond) {
            return records;
        }
        return second == lastSecond ? records.subList(0, recordsInLastSecond) : List.of();
    }
}
