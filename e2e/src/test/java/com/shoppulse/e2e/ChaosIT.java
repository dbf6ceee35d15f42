package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of each process of the local stack in turn, while the generator streams into it: the
 * TaskManager, the JobManager, the Kafka broker, ClickHouse. The test restarts nothing; {@code
 * ./local/up.sh} starts each process again, and Flink takes its jobs back (the JobManager's from
 * ZooKeeper). Each recovery is timed from the kill until the three jobs run with every task and
 * have completed a checkpoint since; the times are printed, not asserted (the README lists what
 * this machine measured). The alerting job raises {@code job_restarting} for the jobs the kills
 * restarted (checked after the TaskManager's kill). At the end the rows equal an uninterrupted
 * replay of the same topic.
 */
class ChaosIT {
    /** Enough for 100,000 events in the minutes the test runs. */
    private static final String RATE = "500";

    private static final long MIN_EVENTS = 100_000;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(180);
    private static final Duration ALERT_BOUND = Duration.ofSeconds(120);
    private static final List<String> VICTIMS =
            List.of("flink-taskmanager", "flink-jobmanager", "kafka", "clickhouse");

    @Test
    void everySingleCrashHealsByItselfAndChangesNoNumber() throws Exception {
        LocalStack stack = new LocalStack("e2e-chaos", 26123, 27092, 30081);
        // One restart is enough for job_restarting here, so each kill must raise it.
        Process upSh = stack.start(Map.of("GENERATOR_RATE", RATE, "RESTART_ALERT_THRESHOLD", "1"));
        try {
            stack.awaitLog(upSh, "shop-pulse is running", 1);
            stack.awaitClosedDays(1);
            Map<String, Duration> recoveries = new LinkedHashMap<>();
            for (String victim : VICTIMS) {
                ProcessHandle process = stack.service(victim);
                long killedAt = System.currentTimeMillis();
                process.destroyForcibly();
                process.onExit().get(30, TimeUnit.SECONDS);
                Duration recovery = stack.awaitRecovery(killedAt, RECOVERY_BOUND);
                recoveries.put(victim, recovery);
                System.out.printf(
                        "ChaosIT: kill -9 %s: jobs running and checkpointing again after %.1f s%n",
                        victim, recovery.toMillis() / 1000.0);
                assertThat(stack.service(victim).pid())
                        .as(victim + " started again by up.sh")
                        .isNotEqualTo(process.pid());
                if (victim.equals("flink-taskmanager")) {
                    assertRestartAlerted(stack);
                }
            }
            assertThat(upSh.isAlive()).as("up.sh still running").isTrue();
            assertThat(stack.log()).contains("died with exit code 137; restarting it");

            stack.awaitClosedDays(stack.closedDays() + 1);
            while (stack.countedEvents() < MIN_EVENTS) {
                Thread.sleep(1000);
            }
            System.out.printf(
                    "ChaosIT: recoveries %s; %,d events counted%n",
                    recoveries, stack.countedEvents());
            stack.assertRowsAsIfNothingHappened("chaos_replay");
        } finally {
            LocalStack.stop(upSh);
            stack.killAll();
        }
    }

    /**
     * The TaskManager's kill restarts every job while the JobManager, which counts restarts, lives
     * on: the alerting job raises job_restarting for the metrics job once it polls the count again.
     * Waited for before the next kill, since a new JobManager counts from zero and would leave the
     * alert nothing to see. It travels restart poll, digest and alert_log.
     */
    private static void assertRestartAlerted(LocalStack stack) throws Exception {
        String raised =
                "SELECT count() FROM alert_log FINAL WHERE rule_id = 'job_restarting' AND"
                        + " scope_value = 'shop-pulse metrics' AND state = 'FIRING'";
        long deadline = System.nanoTime() + ALERT_BOUND.toNanos();
        while (stack.stackValue(raised) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        assertThat(stack.stackValue(raised))
                .as("job_restarting raised for the metrics job, in alert_log")
                .isPositive();
    }
}
