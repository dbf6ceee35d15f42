package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RestartingJobDetectorTest {
    private static final long MINUTE = 60_000;

    @Test
    void firesWhenAJobRestartsThreeTimesInTenMinutesAndResolvesAfterTenQuietOnes()
            throws Exception {
        var harness = harness();
        // Restarts before the first look set the baseline only.
        seen(harness, "metrics", 7, 0);
        seen(harness, "metrics", 8, MINUTE);
        seen(harness, "metrics", 8, 2 * MINUTE);
        seen(harness, "metrics", 10, 9 * MINUTE);
        seen(harness, "metrics", 10, 12 * MINUTE);
        seen(harness, "metrics", 10, 18 * MINUTE);
        seen(harness, "metrics", 10, 20 * MINUTE);

        assertThat(harness.extractOutputValues())
                .extracting(
                        a -> a.state + " " + a.scopeValue + " " + (long) a.value + " " + a.alertId)
                .containsExactly(
                        "FIRING metrics 3 job_restarting/metrics/540000",
                        "RESOLVED metrics 0 job_restarting/metrics/540000");
    }

    @Test
    void restartsSpreadOverMoreThanTenMinutesDoNotFire() throws Exception {
        var harness = harness();
        seen(harness, "metrics", 0, 0);
        seen(harness, "metrics", 1, MINUTE);
        seen(harness, "metrics", 2, 7 * MINUTE);
        seen(harness, "metrics", 3, 12 * MINUTE);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aCountFromZeroAgainAfterAJobManagerFailoverIsNoRestart() throws Exception {
        var harness = harness();
        seen(harness, "metrics", 2, 0);
        seen(harness, "metrics", 0, MINUTE);
        seen(harness, "metrics", 1, 2 * MINUTE);
        seen(harness, "alerts", 5, 2 * MINUTE);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, JobRestarts, Alert> harness()
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new RestartingJobDetector(3, 10 * MINUTE)),
                        (JobRestarts r) -> r.jobName,
                        Types.STRING);
        harness.open();
        return harness;
    }

    private static void seen(
            KeyedOneInputStreamOperatorTestHarness<String, JobRestarts, Alert> harness,
            String job,
            long restarts,
            long at)
            throws Exception {
        harness.processElement(new JobRestarts(job, restarts, at), at);
    }
}
