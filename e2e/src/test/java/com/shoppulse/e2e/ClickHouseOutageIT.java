package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * <p>The test plays the operator who brings ClickHouse back; up.sh itself is killed first (as a
 * closed terminal would), because today it answers a dead service by stopping everything.
 */
class ClickHouseOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(180);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aMinuteWithoutClickHouseNeitherFailsAJobNorChangesARow() throws Exception {
        LocalStack stack = new LocalStack("e2e-outage", 48123, 49092, 48081);
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

            stack.awaitClosedDays(stack.closedDays() + 2);
            awaitAllRunning(stack);
            assertThat(taskManager.isAlive()).as("the same TaskManager process after it").isTrue();
            assertThat(stack.taskManagerLog())
                    .as("the writers held rows back during the outage")
                    .contains("ClickHouse did not take")
                    .contains("ClickHouse takes rows again");
            for (String job : List.of("shop-pulse metrics", "shop-pulse alerts")) {
                assertThat(failuresOf(stack, job)).as("failures of " + job).isZero();
            }
            stack.assertRowsAsIfNothingHappened("outage_replay");
        } finally {
            stack.killAll();
        }
    }

    private void awaitAllRunning(LocalStack stack) throws Exception {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode jobs = get(stack, "/jobs/overview").get("jobs");
            long running = 0;
            for (JsonNode job : jobs) {
                running += job.get("state").asText().equals("RUNNING") ? 1 : 0;
            }
            if (running == 3) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("the jobs were not all RUNNING again within " + RECOVERY_TIMEOUT);
    }

    private int failuresOf(LocalStack stack, String jobName) throws Exception {
        for (JsonNode job : get(stack, "/jobs/overview").get("jobs")) {
            if (job.get("name").asText().equals(jobName)) {
                return get(stack, "/jobs/" + job.get("jid").asText() + "/exceptions")
                        .at("/exceptionHistory/entries")
                        .size();
            }
        }
        throw new AssertionError("no job named " + jobName);
    }

    private JsonNode get(LocalStack stack, String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(stack.flinkUrl() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
