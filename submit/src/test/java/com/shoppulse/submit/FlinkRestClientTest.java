package com.shoppulse.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkRestClientTest {
    private final FakeFlink server = new FakeFlink();
    private final FlinkRestClient flink = new FlinkRestClient(server.url(), Duration.ofMillis(10));

    @TempDir Path dir;

    FlinkRestClientTest() throws IOException {}

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void uploadsTheJarAsMultipartFieldJarfile() throws Exception {
        Path jar = Files.writeString(dir.resolve("shop-pulse-jobs.jar"), "PK-jar-bytes");
        server.answer(
                "POST /jars/upload",
                "{\"filename\":\"/tmp/flink-web/flink-web-upload/abc_shop-pulse-jobs.jar\","
                        + "\"status\":\"success\"}");

        assertThat(flink.uploadJar(jar)).isEqualTo("abc_shop-pulse-jobs.jar");
        String body = server.only("POST", "/jars/upload").body();
        assertThat(body)
                .contains(
                        "Content-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\"shop-pulse-jobs.jar\"")
                .contains("PK-jar-bytes");
    }

    @Test
    void runsWithArgsListCheckpointDirectoryAndRestorePath() throws Exception {
        server.answer("POST /jars/abc.jar/run", "{\"jobid\":\"j1\"}");

        String id =
                flink.run(
                        "abc.jar",
                        new RunRequest(
                                "com.shoppulse.metrics.MetricsJob",
                                2,
                                List.of("--window-sizes", "1m,1h"),
                                Path.of("/state/checkpoints/metrics"),
                                Optional.of(Path.of("/state/checkpoints/metrics/x/chk-4")),
                                Optional.of("hashmap")));

        assertThat(id).isEqualTo("j1");
        JsonNode request =
                new ObjectMapper().readTree(server.only("POST", "/jars/abc.jar/run").body());
        assertThat(request.path("entryClass").asText())
                .isEqualTo("com.shoppulse.metrics.MetricsJob");
        assertThat(request.path("parallelism").asInt()).isEqualTo(2);
        assertThat(request.path("programArgsList").toString())
                .isEqualTo("[\"--window-sizes\",\"1m,1h\"]");
        assertThat(request.path("flinkConfiguration").path("execution.checkpointing.dir").asText())
                .isEqualTo("file:///state/checkpoints/metrics");
        assertThat(request.path("savepointPath").asText())
                .isEqualTo("/state/checkpoints/metrics/x/chk-4");
        assertThat(request.path("flinkConfiguration").path("state.backend.type").asText())
                .isEqualTo("hashmap");
    }

    @Test
    void aFreshJobHasNoRestorePath() throws Exception {
        server.answer("POST /jars/abc.jar/run", "{\"jobid\":\"j1\"}");

        flink.run(
                "abc.jar",
                new RunRequest("a.B", 1, List.of(), dir, Optional.empty(), Optional.empty()));

        JsonNode request =
                new ObjectMapper().readTree(server.only("POST", "/jars/abc.jar/run").body());
        assertThat(request.has("savepointPath")).isFalse();
        assertThat(request.path("flinkConfiguration").has("state.backend.type")).isFalse();
    }

    @Test
    void theClustersStateBackendIsFlinksDefaultUnlessConfigured() throws Exception {
        server.answer("GET /jobmanager/config", "[{\"key\":\"rest.port\",\"value\":\"8081\"}]");
        assertThat(flink.clusterStateBackend()).isEqualTo("hashmap");

        server.answer(
                "GET /jobmanager/config",
                "[{\"key\":\"state.backend.type\",\"value\":\"rocksdb\"}]");
        assertThat(flink.clusterStateBackend()).isEqualTo("rocksdb");
    }

    @Test
    void awaitTasksRunningWaitsForTheTasksNotJustTheJob() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        server.answer(
                "GET /jobs/j1",
                () ->
                        new FakeFlink.Answer(
                                200,
                                "{\"state\":\"RUNNING\",\"vertices\":[{\"status\":\"RUNNING\"},"
                                        + "{\"status\":\""
                                        + (asked.incrementAndGet() < 3 ? "INITIALIZING" : "RUNNING")
                                        + "\"}]}"));

        flink.awaitTasksRunning("j1", Duration.ofSeconds(5));

        assertThat(asked).hasValue(3);
    }

    @Test
    void aSavepointThatFailedSaysWhy() {
        server.answer("POST /jobs/j1/stop", "{\"request-id\":\"t1\"}")
                .answer(
                        "GET /jobs/j1/savepoints/t1",
                        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":"
                                + "{\"stack-trace\":\"java.io.IOException: disk full\"}}}");

        assertThatThrownBy(() -> flink.stopWithSavepoint("j1", dir, Duration.ofSeconds(5)))
                .hasMessage("job j1 could not take a savepoint: java.io.IOException: disk full");
    }

    @Test
    void anHttpErrorCarriesFlinksOwnErrors() {
        server.answer(
                "POST /jars/abc.jar/run",
                () ->
                        new FakeFlink.Answer(
                                400,
                                "{\"errors\":[\"org.apache.flink.runtime.rest.handler"
                                        + ".RestHandlerException: Could not execute application.\","
                                        + "\"Caused by: no such class a.B\"]}"));

        assertThatThrownBy(
                        () ->
                                flink.run(
                                        "abc.jar",
                                        new RunRequest(
                                                "a.B",
                                                1,
                                                List.of(),
                                                dir,
                                                Optional.empty(),
                                                Optional.empty())))
                .isInstanceOf(FlinkRestException.class)
                .hasMessageContaining(
                        "POST " + server.url() + "/jars/abc.jar/run answered HTTP 400:")
                .hasMessageContaining(
                        "Could not execute application.\nCaused by: no such class a.B");
    }

    @Test
    void aClusterThatIsNotThereSaysWhere() {
        FlinkRestClient nowhere = new FlinkRestClient("http://127.0.0.1:1");

        assertThatThrownBy(nowhere::jobs)
                .hasMessage("no answer from Flink at http://127.0.0.1:1/jobs/overview");
    }

    @Test
    void listsJobsAndTheStatesOfSome() throws Exception {
        server.answer(
                "GET /jobs/overview",
                "{\"jobs\":[{\"jid\":\"a\",\"name\":\"shop-pulse metrics\",\"state\":\"RUNNING\"},"
                        + "{\"jid\":\"b\",\"name\":\"shop-pulse alerts\",\"state\":\"CANCELED\"}]}");

        assertThat(flink.jobs())
                .containsExactly(
                        new JobStatus("a", "shop-pulse metrics", "RUNNING"),
                        new JobStatus("b", "shop-pulse alerts", "CANCELED"));
        assertThat(flink.states(List.of("b", "c")))
                .containsExactly(Map.entry("b", "CANCELED"), Map.entry("c", "UNKNOWN"));
    }

    @Test
    void awaitRunningFailsWithTheExceptionOfAJobThatEnded() {
        server.answer(
                "GET /jobs/overview",
                "{\"jobs\":[{\"jid\":\"a\",\"name\":\"m\",\"state\":\"RUNNING\"},"
                        + "{\"jid\":\"b\",\"name\":\"n\",\"state\":\"FAILED\"}]}");
        server.answer(
                "GET /jobs/b/exceptions",
                "{\"exceptionHistory\":{\"entries\":[{\"stacktrace\":\"boom at line 1\"}]}}");

        assertThatThrownBy(() -> flink.awaitRunning(List.of("a", "b"), Duration.ofSeconds(5)))
                .hasMessage("job b is FAILED: boom at line 1");
    }

    @Test
    void awaitRunningWaitsUntilEveryJobRuns() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        server.answer("GET /jobs/overview", jobA(asked, "CREATED", 3, "RUNNING"));

        flink.awaitRunning(List.of("a"), Duration.ofSeconds(5));

        assertThat(asked).hasValue(3);
    }

    @Test
    void awaitTaskManagerWaitsForTheJobManagerAndThenATaskManager() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        server.answer(
                "GET /overview",
                () ->
                        switch (asked.incrementAndGet()) {
                            case 1 -> new FakeFlink.Answer(503, "starting");
                            case 2 -> new FakeFlink.Answer(200, "{\"taskmanagers\":0}");
                            default -> new FakeFlink.Answer(200, "{\"taskmanagers\":1}");
                        });

        flink.awaitTaskManager();

        assertThat(asked).hasValue(3);
    }

    @Test
    void cancelsAndWaitsUntilTheJobsEnded() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        server.answer("PATCH /jobs/a?mode=cancel", "");
        server.answer("GET /jobs/overview", jobA(asked, "CANCELLING", 2, "CANCELED"));

        flink.cancel(List.of("a"), Duration.ofSeconds(5));

        assertThat(server.only("PATCH", "/jobs/a?mode=cancel")).isNotNull();
        assertThat(asked).hasValue(2);
    }

    @Test
    void countsCompletedCheckpoints() throws Exception {
        server.answer("GET /jobs/a/checkpoints", "{\"counts\":{\"completed\":4}}");

        assertThat(flink.completedCheckpoints("a")).isEqualTo(4);
        flink.awaitCheckpoint("a", Duration.ofSeconds(1));
    }

    /**
     * The overview of one job, a: in {@code before} until the {@code at}-th ask, then {@code
     * after}.
     */
    private static Supplier<FakeFlink.Answer> jobA(
            AtomicInteger asked, String before, int at, String after) {
        return () ->
                new FakeFlink.Answer(
                        200,
                        "{\"jobs\":[{\"jid\":\"a\",\"name\":\"m\",\"state\":\""
                                + (asked.incrementAndGet() < at ? before : after)
                                + "\"}]}");
    }
}
