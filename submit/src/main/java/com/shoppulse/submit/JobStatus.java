package com.shoppulse.submit;

import java.util.Set;

/** One job as the REST API's job overview lists it. */
public record JobStatus(String id, String name, String state) {
    // The states in which a job holds, or is about to hold, its slots and its Kafka offsets.
    private static final Set<String> LIVE =
            Set.of("INITIALIZING", "CREATED", "RUNNING", "RESTARTING", "RECONCILING");
    private static final Set<String> ENDED = Set.of("FAILED", "CANCELED", "FINISHED");

    public boolean live() {
        return LIVE.contains(state);
    }

    /** Whether a job in this state is over: it will not run again by itself. */
    public static boolean ended(String state) {
        return ENDED.contains(state);
    }
}
