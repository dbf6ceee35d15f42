package com.shoppulse.alerts;

/** What {@link AlertLifecycle} remembers per series. A Flink POJO, kept in keyed state. */
public class IncidentState {
    public boolean firing;
    public String alertId;
    public long firingSinceWindowStart;
    public long lastNotifiedWindowStart;

    /** Matches of windows before this one belong to an incident that is already resolved. */
    public long resolvedThroughWindowStart;

    /** The newest non-breaching window seen, which may arrive before the match it follows. */
    public Evaluation latestRecovery;

    /**
     * The FIRING alert that opened the incident, to resolve it by if its rule leaves the rules
     * file. Null in state saved before this field.
     */
    public Alert firingAlert;

    public IncidentState() {}
}
