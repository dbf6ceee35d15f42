package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The README's first command, stopped and started again: {@code ./local/up.sh} stopped with SIGTERM
 * (what Ctrl-C does) once a few simulated days have closed, then started again. The second start
 * must resume every job from its retained checkpoint, nothing may reach the dead-letter topic (the
 * demo's generator sends no broken records), and the final rows must equal what one uninterrupted
 * run makes of the same records.
 */
class LocalStackRestartIT {
    @Test
    void aStoppedStackResumesWhereItLeftOffWithTheSameRows() throws Exception {
        LocalStack stack = new LocalStack("e2e-restart", 21123, 22092, 21081);

        Process first = stack.start();
        try {
            stack.awaitLog(first, "shop-pulse is running", 1);
            stack.awaitClosedDays(2);
        } finally {
            LocalStack.stop(first);
        }

        Process second = stack.start();
        try {
            stack.awaitLog(second, "shop-pulse is running", 2);
            assertThat(stack.log())
                    .as("every job resumes from its checkpoint")
                    .contains(
                            "submitted metrics (com.shoppulse.metrics.MetricsJob) as job",
                            "submitted alerts (com.shoppulse.alerts.AlertsJob) as job",
                            "submitted generator (com.shoppulse.generator.GeneratorJob) as job");
            assertThat(stack.log().split("resuming from", -1)).hasSize(4);
            stack.awaitClosedDays(stack.closedDays() + 2);

            stack.assertRowsAsIfNothingHappened("restart_replay");
        } finally {
            LocalStack.stop(second);
        }
    }
}
