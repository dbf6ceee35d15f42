package com.shoppulse.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client for a Flink session cluster's REST API: what the web UI does to submit a jar, watch its
 * jobs and cancel them. An HTTP error becomes a {@link FlinkRestException} with Flink's own {@code
 * errors}.
 */
public final class FlinkRestClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String STATE_BACKEND_KEY = "state.backend.type";

    /** Flink's own default for {@value #STATE_BACKEND_KEY}. */
    private static final String DEFAULT_STATE_BACKEND = "hashmap";

    private final String url;
    private final Duration pollEvery;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkRestClient(String url) {
        this(url, Duration.ofMillis(500));
    }

    FlinkRestClient(String url, Duration pollEvery) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.pollEvery = pollEvery;
    }

    /** Uploads a jar (multipart field {@code jarfile}); returns the id the cluster keeps it as. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "shop-pulse-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String filename =
                call(request("/jars/upload")
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())))
                        .path("filename")
                        .asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar; returns the new job's id. */
    public String run(String jarId, RunRequest run) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        request.put("entryClass", run.entryClass());
        request.put("parallelism", run.parallelism());
        // programArgsList, not programArgs: Flink 2.2 ignores the single-string form.
        request.putPOJO("programArgsList", run.args());
        ObjectNode configuration =
                request.putObject("flinkConfiguration")
                        .put(
                                "execution.checkpointing.dir",
                                "file://" + run.checkpointDir().toAbsolutePath());
        run.stateBackend().ifPresent(backend -> configuration.put(STATE_BACKEND_KEY, backend));
        run.restoreFrom().ifPresent(path -> request.put("savepointPath", path.toString()));
        return call(request("/jars/" + jarId + "/run")
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        json.writeValueAsString(request))))
                .path("jobid")
                .asText();
    }

    /** The state backend the cluster gives a job that names none. */
    public String clusterStateBackend() throws IOException, InterruptedException {
        for (JsonNode entry : get("/jobmanager/config")) {
            if (entry.path("key").asText().equals(STATE_BACKEND_KEY)) {
                return entry.path("value").asText();
            }
        }
        return DEFAULT_STATE_BACKEND;
    }

    /**
     * Stops the job with a savepoint in Flink's canonical format, which every state backend can
     * restore, into {@code dir}; returns the savepoint's path once it is complete.
     */
    public Path stopWithSavepoint(String jobId, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        request.put("targetDirectory", "file://" + dir.toAbsolutePath());
        request.put("formatType", "CANONICAL");
        request.put("drain", false);
        String trigger =
                call(request("/jobs/" + jobId + "/stop")
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                json.writeValueAsString(request))))
                        .path("request-id")
                        .asText();
        String status = "/jobs/" + jobId + "/savepoints/" + trigger;
        awaitUntil(
                () -> get(status).path("status").path("id").asText().equals("COMPLETED"),
                timeout,
                () -> "job " + jobId + " took no savepoint within " + timeout + ": " + get(status));
        JsonNode operation = get(status).path("operation");
        if (!operation.has("location")) {
            throw new IllegalStateException(
                    "job "
                            + jobId
                            + " could not take a savepoint: "
                            + operation.path("failure-cause").path("stack-trace").asText());
        }
        String location = operation.path("location").asText();
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    /** Every job the cluster knows, running or ended. */
    public List<JobStatus> jobs() throws IOException, InterruptedException {
        List<JobStatus> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(
                    new JobStatus(
                            job.path("jid").asText(),
                            job.path("name").asText(),
                            job.path("state").asText()));
        }
        return jobs;
    }

    /** The state of each of these jobs; UNKNOWN for one the cluster does not list. */
    public Map<String, String> states(Collection<String> jobIds)
            throws IOException, InterruptedException {
        Map<String, String> states = new LinkedHashMap<>();
        jobIds.forEach(id -> states.put(id, "UNKNOWN"));
        for (JobStatus job : jobs()) {
            states.computeIfPresent(job.id(), (id, unknown) -> job.state());
        }
        return states;
    }

    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /**
     * The job's latest exception, so that a failure says why without digging through logs. Never
     * throws: it explains a failure, and must not replace it with its own.
     */
    public String failureOf(String jobId) {
        try {
            JsonNode latest =
                    get("/jobs/" + jobId + "/exceptions")
                            .path("exceptionHistory")
                            .path("entries")
                            .path(0);
            return latest.isMissingNode()
                    ? "(no exception recorded)"
                    : latest.path("stacktrace").asText();
        } catch (IOException e) {
            return "(its exceptions could not be read: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while reading its exceptions)";
        }
    }

    /**
     * Waits until the cluster has a TaskManager, however long that takes: without one no job can be
     * scheduled. The JobManager may not answer yet either.
     */
    public void awaitTaskManager() throws InterruptedException {
        while (true) {
            try {
                if (get("/overview").path("taskmanagers").asInt() > 0) {
                    return;
                }
            } catch (IOException e) {
                // Not up yet: ask again.
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /** Waits until every one of the jobs runs; fails early, with its exception, if one ended. */
    public void awaitRunning(Collection<String> jobIds, Duration timeout)
            throws IOException, InterruptedException {
        awaitUntil(
                () -> {
                    Map<String, String> states = states(jobIds);
                    for (Map.Entry<String, String> job : states.entrySet()) {
                        if (JobStatus.ended(job.getValue())) {
                            throw new IllegalStateException(
                                    "job "
                                            + job.getKey()
                                            + " is "
                                            + job.getValue()
                                            + ": "
                                            + failureOf(job.getKey()));
                        }
                    }
                    return states.values().stream().allMatch("RUNNING"::equals);
                },
                timeout,
                () -> "jobs not RUNNING after " + timeout + ": " + states(jobIds));
    }

    /**
     * Waits until every task of the job runs: a job is RUNNING while its tasks still deploy and
     * restore, and only running tasks can take a savepoint. Fails early, with its exception, if the
     * job ended.
     */
    public void awaitTasksRunning(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        awaitUntil(
                () -> {
                    JsonNode job = get("/jobs/" + jobId);
                    if (JobStatus.ended(job.path("state").asText())) {
                        throw new IllegalStateException(
                                "job " + jobId + " ended: " + failureOf(jobId));
                    }
                    JsonNode vertices = job.path("vertices");
                    for (JsonNode vertex : vertices) {
                        if (!vertex.path("status").asText().equals("RUNNING")) {
                            return false;
                        }
                    }
                    return !vertices.isEmpty();
                },
                timeout,
                () ->
                        "not every task of job "
                                + jobId
                                + " runs after "
                                + timeout
                                + ": "
                                + failureOf(jobId));
    }

    /** Waits until the job completed a checkpoint. */
    public void awaitCheckpoint(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        awaitUntil(
                () -> completedCheckpoints(jobId) > 0,
                timeout,
                () -> "job " + jobId + " completed no checkpoint within " + timeout);
    }

    /**
     * Cancels the jobs and waits until they ended, so that their slots are free for the next jobs.
     */
    public void cancel(Collection<String> jobIds, Duration timeout)
            throws IOException, InterruptedException {
        for (String id : jobIds) {
            call(
                    request("/jobs/" + id + "?mode=cancel")
                            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        }
        awaitUntil(
                () -> states(jobIds).values().stream().allMatch(JobStatus::ended),
                timeout,
                () -> "jobs not ended " + timeout + " after cancelling: " + states(jobIds));
    }

    /** A question to the cluster, asked again until it says yes. */
    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    /** A description of what did not happen in time, asked for only then. */
    @FunctionalInterface
    private interface Late {
        String describe() throws IOException, InterruptedException;
    }

    private void awaitUntil(Condition condition, Duration timeout, Late late)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(late.describe());
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /** A GET of any path of the API, such as {@code /jobs/<id>/config}. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return call(request(path).GET());
    }

    /** The body of a GET as text, for the paths that answer with more than JSON (logs). */
    public String text(String path) throws IOException, InterruptedException {
        return send(request(path).GET()).body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT);
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        String body = send(request).body();
        return body.isEmpty() ? json.createObjectNode() : json.readTree(body);
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ConnectException("no answer from Flink at " + built.uri());
        }
        if (response.statusCode() / 100 != 2) {
            throw new FlinkRestException(
                    built.method()
                            + " "
                            + built.uri()
                            + " answered HTTP "
                            + response.statusCode()
                            + ": "
                            + errors(response.body()));
        }
        return response;
    }

    /** Flink's {@code errors}, one a line, or the whole body if it has none. */
    private String errors(String body) {
        try {
            JsonNode errors = json.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                List<String> lines = new ArrayList<>();
                errors.forEach(error -> lines.add(error.asText()));
                return String.join("\n", lines);
            }
        } catch (IOException e) {
            // Not JSON: the body as it is says more.
        }
        return body;
    }
}
