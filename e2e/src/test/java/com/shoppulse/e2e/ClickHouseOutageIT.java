package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse gone for a minute while the local stack ingests. The jobs hold back and wait for it,
 * without failing or restarting once; the TaskManager process lives through it; once ClickHouse is
 * back the jobs catch up by themselves, and the rows are as if nothing had happened.
 *
 * <p>The test plays the operator who brings ClickHouse back after a whole minute; up.sh, which
 * would restart it within seconds, is killed first (as a closed terminal would).
 */
class ClickHouseOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aMinuteWithoutClickHouseNeitherFailsAJobNorChangesARow() throws Exception {
        LocalStack stack = new LocalStack("e2e-outage", 23123, 24092, 25081);
        Process upSh = stack.start();
        try {
            stack.awaitLog(upSh, "shop-pulse is running", 1);
            stack.awaitClosedDays(1);
            upSh.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            ProcessHandle taskManager = stack.service("flink-taskmanager");
            ProcessHandle clickHouse = stack.service("clickhouse");
            List<String> command = new ArrayList<>();
            command.add(clickHouse.info().command().orElseThrow());
            command.addAll(List.of(clickHouse.info().arguments().orElseThrow()));

            clickHouse.destroyForcibly();
            clickHouse.onExit().get(30, TimeUnit.SECONDS);
            Thread.sleep(OUTAGE.toMillis());
            assertThat(taskManager.isAlive()).as("TaskManager alive during the outage").isTrue();
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();

            long back = System.currentTimeMillis();
            stack.awaitClosedDays(stack.closedDays() + 2);
            stack.awaitRecovery(back, RECOVERY_TIMEOUT);
            assertThat(taskManager.isAlive()).as("the same TaskManager process after it").isTrue();
            assertThat(stack.taskManagerLog())
                    .as("the writers held rows back during the outage")
                    .contains("ClickHouse did not take")
                    .contains("ClickHouse takes rows again");
            for (String job : List.of("shop-pulse metrics", "shop-pulse alerts")) {
                assertThat(stack.failuresOf(job)).as("failures of " + job).isZero();
            }
            stack.assertRowsAsIfNothingHappened("outage_replay");
        } finally {
            stack.killAll();
        }
    }
}
