package com.shoppulse.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSubmitterTest {
    private final FakeFlink server = new FakeFlink();
    private final List<String> log = new ArrayList<>();

    @TempDir Path dir;

    JobSubmitterTest() throws IOException {}

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aJobLiveUnderItsNameIsLeftAlone() throws Exception {
        server.answer(
                "GET /jobs/overview",
                "{\"jobs\":[{\"jid\":\"old\",\"name\":\"shop-pulse metrics\",\"state\":\"CANCELED\"},"
                        + "{\"jid\":\"live\",\"name\":\"shop-pulse metrics\",\"state\":\"RESTARTING\"}]}");

        Submission submission = submitter().submit(metrics(Path.of("missing.jar")));

        assertThat(submission.leftAlone()).isTrue();
        assertThat(submission.jobId()).isEqualTo("live");
        assertThat(log)
                .containsExactly(
                        "metrics ('shop-pulse metrics') is RESTARTING as job live; left alone");
        assertThat(server.requests()).extracting(FakeFlink.Request::method).containsOnly("GET");
    }

    @Test
    void aNewJobCheckpointsToItsOwnDirectory() throws Exception {
        answerSubmission("{\"jobs\":[]}");

        Submission submission = submitter().submit(metrics(jar()));

        assertThat(submission.jobId()).isEqualTo("j1");
        assertThat(submission.restoredFrom()).isEmpty();
        assertThat(server.only("POST", "/jars/x.jar/run").body())
                .contains(
                        "\"execution.checkpointing.dir\":\"file://"
                                + dir.resolve("checkpoints/metrics")
                                + "\"")
                .doesNotContain("savepointPath");
        assertThat(log)
                .containsExactly("submitted metrics (com.shoppulse.metrics.MetricsJob) as job j1");
    }

    @Test
    void aJobThatRanBeforeResumesFromItsNewestCheckpoint() throws Exception {
        answerSubmission(
                "{\"jobs\":[{\"jid\":\"old\",\"name\":\"shop-pulse metrics\",\"state\":\"FAILED\"}]}");
        Path chk = Files.createDirectories(dir.resolve("checkpoints/metrics/old/chk-12"));
        Files.createFile(chk.resolve("_metadata"));
        Checkpoints.recordStateBackend(dir.resolve("checkpoints/metrics"), "rocksdb");
        // Another job's checkpoint is never this job's.
        Path other = Files.createDirectories(dir.resolve("checkpoints/alerts/x/chk-99"));
        Files.createFile(other.resolve("_metadata"));

        Submission submission = submitter().submit(metrics(jar()));

        assertThat(submission.restoredFrom()).contains(chk);
        assertThat(server.only("POST", "/jars/x.jar/run").body())
                .contains("\"savepointPath\":\"" + chk + "\"")
                .doesNotContain("state.backend.type");
        assertThat(log.get(0))
                .startsWith(
                        "submitted metrics (com.shoppulse.metrics.MetricsJob) as job j1,"
                                + " resuming from ")
                .endsWith("checkpoints/metrics/old/chk-12");
    }

    @Test
    void aCheckpointOfAnotherStateBackendIsMovedToTheClustersThroughASavepoint() throws Exception {
        answerSubmission("{\"jobs\":[]}");
        Path jobDir = dir.resolve("checkpoints/metrics");
        Path chk = Files.createDirectories(jobDir.resolve("old/chk-12"));
        Files.createFile(chk.resolve("_metadata"));
        Path savepoint = jobDir.resolve("savepoints/savepoint-j1-1");
        server.answer(
                        "GET /jobs/j1",
                        "{\"state\":\"RUNNING\",\"vertices\":[{\"status\":\"RUNNING\"}]}")
                .answer("POST /jobs/j1/stop", "{\"request-id\":\"t1\"}")
                .answer(
                        "GET /jobs/j1/savepoints/t1",
                        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:"
                                + savepoint
                                + "\"}}");

        Submission submission = submitter().submit(metrics(jar()));

        List<String> runs =
                server.requests().stream()
                        .filter(r -> r.path().equals("/jars/x.jar/run"))
                        .map(FakeFlink.Request::body)
                        .toList();
        assertThat(runs).hasSize(2);
        // Checkpoints from before the record are the heap backend's: the only one shipped then.
        assertThat(runs.get(0))
                .contains("\"state.backend.type\":\"hashmap\"")
                .contains("\"savepointPath\":\"" + chk + "\"");
        assertThat(server.only("POST", "/jobs/j1/stop").body())
                .contains("\"formatType\":\"CANONICAL\"")
                .contains("\"targetDirectory\":\"file://" + jobDir.resolve("savepoints") + "\"");
        assertThat(runs.get(1))
                .doesNotContain("state.backend.type")
                .contains("\"savepointPath\":\"" + savepoint + "\"");
        assertThat(submission.restoredFrom()).contains(savepoint);
        assertThat(Checkpoints.stateBackend(jobDir)).isEqualTo("rocksdb");
        assertThat(log.get(0))
                .startsWith("metrics: ")
                .endsWith(
                        "chk-12 was written by the hashmap state backend and the cluster's is"
                                + " rocksdb: resuming it with hashmap to take a savepoint that"
                                + " rocksdb can read");
        assertThat(log.get(1)).startsWith("metrics: savepoint ").endsWith(" taken");
    }

    @Test
    void stoppingTakesASavepointOfEachRunningJobWhereItsNextSubmissionResumes() throws Exception {
        Path savepoint = dir.resolve("checkpoints/metrics/savepoints/savepoint-j1-7");
        Path older = Files.createDirectories(savepoint.resolveSibling("savepoint-j0-3"));
        Files.createFile(older.resolve("_metadata"));
        server.answer(
                        "GET /jobs/overview",
                        "{\"jobs\":[{\"jid\":\"j1\",\"name\":\"shop-pulse metrics\",\"state\":\"RUNNING\"},"
                                + "{\"jid\":\"j0\",\"name\":\"shop-pulse alerts\",\"state\":\"CANCELED\"},"
                                + "{\"jid\":\"j2\",\"name\":\"shop-pulse alerts\",\"state\":\"RUNNING\"},"
                                + "{\"jid\":\"j3\",\"name\":\"shop-pulse generator\",\"state\":\"RESTARTING\"}]}")
                .answer("POST /jobs/j1/stop", "{\"request-id\":\"t1\"}")
                .answer(
                        "GET /jobs/j1/savepoints/t1",
                        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:"
                                + savepoint
                                + "\"}}")
                .answer("POST /jobs/j2/stop", "{\"request-id\":\"t2\"}")
                .answer(
                        "GET /jobs/j2/savepoints/t2",
                        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":"
                                + "{\"stack-trace\":\"CheckpointException: Task not running\"}}}");

        submitter()
                .stopAll(
                        List.of(
                                metrics(jar()),
                                job("alerts", "shop-pulse alerts"),
                                job("generator", "shop-pulse generator")));

        assertThat(server.only("POST", "/jobs/j1/stop").body())
                .contains("\"drain\":false")
                .contains(
                        "\"targetDirectory\":\"file://"
                                + dir.resolve("checkpoints/metrics/savepoints")
                                + "\"");
        assertThat(server.only("POST", "/jobs/j2/stop").body())
                .contains(dir.resolve("checkpoints/alerts/savepoints").toString());
        assertThat(server.requests())
                .extracting(FakeFlink.Request::path)
                .doesNotContain("/jobs/j0/stop", "/jobs/j3/stop");
        assertThat(log)
                .containsExactly(
                        "generator is not running; it will resume from its newest checkpoint",
                        "alerts took no savepoint (job j2 could not take a savepoint:"
                                + " CheckpointException: Task not running); it will resume from"
                                + " its newest checkpoint",
                        "stopped metrics with savepoint " + savepoint);
        assertThat(older).as("the older savepoint gone").doesNotExist();
        Files.createDirectories(savepoint);
        Files.createFile(savepoint.resolve("_metadata"));
        assertThat(Checkpoints.newest(dir.resolve("checkpoints/metrics"))).contains(savepoint);
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        server.answer("GET /jobs/overview", "{\"jobs\":[]}");

        assertThatThrownBy(() -> submitter().submit(metrics(dir.resolve("nope.jar"))))
                .hasMessage(
                        dir.resolve("nope.jar")
                                + " not found; build it with: mvn -B -DskipTests package");
    }

    private JobSubmitter submitter() {
        return new JobSubmitter(
                new FlinkRestClient(server.url(), Duration.ofMillis(10)),
                dir.resolve("checkpoints"),
                log::add);
    }

    private void answerSubmission(String overview) {
        server.answer("GET /jobs/overview", overview)
                .answer(
                        "GET /jobmanager/config",
                        "[{\"key\":\"state.backend.type\",\"value\":\"rocksdb\"}]")
                .answer("POST /jars/upload", "{\"filename\":\"/upload/x.jar\"}")
                .answer("POST /jars/x.jar/run", "{\"jobid\":\"j1\"}");
    }

    private Path jar() throws IOException {
        return Files.writeString(dir.resolve("jobs.jar"), "jar");
    }

    private static JobSpec metrics(Path jar) {
        return new JobSpec(
                "metrics",
                "shop-pulse metrics",
                jar,
                "com.shoppulse.metrics.MetricsJob",
                1,
                List.of("--kpi-topic", "k"));
    }

    private JobSpec job(String name, String jobName) throws IOException {
        return new JobSpec(name, jobName, jar(), "com.shoppulse.Job", 1, List.of());
    }
}
