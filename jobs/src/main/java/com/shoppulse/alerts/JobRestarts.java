package com.shoppulse.alerts;

/**
 * How many times a Flink job has restarted so far (Flink's {@code numRestarts}), as seen at a time.
 */
public class JobRestarts {
    public String jobName;
    public long restarts;
    public long seenAtMillis;

    public JobRestarts() {}

    public JobRestarts(String jobName, long restarts, long seenAtMillis) {
        this.jobName = jobName;
        this.restarts = restarts;
        this.seenAtMillis = seenAtMillis;
    }
}
