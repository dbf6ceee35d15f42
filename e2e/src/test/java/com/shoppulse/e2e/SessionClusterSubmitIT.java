package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.alerts.telegram.FakeTelegramServer;
import com.shoppulse.it.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Deploys the project the way a user does from the web UI: both shaded jars are uploaded to a real
 * Flink session cluster over its REST API and run with program arguments, against a real Kafka
 * broker and ClickHouse server. Passing means the jars carry everything the cluster does not
 * provide, and that generated traffic ends up as KPI rows in ClickHouse.
 */
class SessionClusterSubmitIT {
    private static final String HOW_TO_RUN =
            "run ./local/test.sh, which starts the services this test needs";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);
    // The generator simulates about a day per minute, so 1 h windows close every few seconds once
    // both jobs run; the rest is headroom for a loaded 2-core machine.
    private static final Duration ROWS_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INCIDENT_TIMEOUT = Duration.ofSeconds(360);
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void uploadedJarsRunOnTheSessionClusterWriteKpisAndAlert() throws Exception {
        String flink = requiredEnv("SHOPPULSE_IT_FLINK_REST");
        String kafka = requiredEnv("SHOPPULSE_IT_KAFKA");
        String clickhouse = requiredEnv("SHOPPULSE_IT_CLICKHOUSE_URL");
        String token = requiredEnv("TELEGRAM_BOT_TOKEN");
        Path jobsJar = builtJar("jobs", "shop-pulse-jobs.jar");
        Path generatorJar = builtJar("generator", "shop-pulse-generator.jar");

        // Unique names keep runs and other tests on the same services out of each other's data.
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String topic = "e2e-shop-events-" + run;
        String deadLetterTopic = topic + "-dlq";
        String kpiTopic = topic + "-kpis";
        String alertsTopic = topic + "-alerts";
        String database = "e2e_" + run;
        TestServices.createTopic(topic, 2);
        for (String oneOf : List.of(deadLetterTopic, kpiTopic, alertsTopic)) {
            TestServices.createTopic(oneOf, 1);
        }

        List<String> jobIds = new ArrayList<>();
        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            jobIds.add(
                    submit(
                            flink,
                            jobsJar,
                            "com.shoppulse.metrics.MetricsJob",
                            List.of(
                                    "--bootstrap-servers", kafka,
                                    "--events-topic", topic,
                                    "--dead-letter-topic", deadLetterTopic,
                                    "--kpi-topic", kpiTopic,
                                    "--clickhouse-url", clickhouse,
                                    "--clickhouse-database", database,
                                    "--window-sizes", "1h,1d",
                                    "--max-out-of-orderness", "2m",
                                    "--allowed-lateness", "10m",
                                    "--idleness", "30s")));
            // The token reaches the alerting job only through the JobManager's environment
            // (local/test.sh sets it), never through these arguments.
            jobIds.add(
                    submit(
                            flink,
                            jobsJar,
                            "com.shoppulse.alerts.AlertsJob",
                            List.of(
                                    "--bootstrap-servers", kafka,
                                    "--kpi-topic", kpiTopic,
                                    "--events-topic", topic,
                                    "--alerts-topic", alertsTopic,
                                    "--starting-offsets", "earliest",
                                    "--clickhouse-url", clickhouse,
                                    "--clickhouse-database", database,
                                    "--telegram-api-url", telegram.url())));
            // The generator's default incident, less traffic from 14:00 to 16:00 of every simulated
            // day, is what the shipped hourly traffic-drop rule is for; it fires from the second
            // simulated day on (about 100 s in), once the rule has learned a day.
            jobIds.add(
                    submit(
                            flink,
                            generatorJar,
                            "com.shoppulse.generator.GeneratorJob",
                            List.of("--bootstrap-servers", kafka, "--events-topic", topic)));

            awaitRunning(flink, jobIds);
            long rows = awaitKpiRows(flink, jobIds, clickhouse, database);
            assertThat(rows).as("rows in %s.kpi_window", database).isPositive();

            List<FakeTelegramServer.Request> messages = awaitIncident(telegram);
            assertThat(messages).allSatisfy(m -> assertThat(m.token()).isEqualTo(token));
            assertThat(messages).allSatisfy(m -> assertThat(m.chatId()).isEqualTo("4242"));
            assertThat(awaitAlertLogStates(clickhouse, database)).contains("FIRING", "RESOLVED");

            for (String id : jobIds) {
                awaitCheckpoint(flink, id);
            }
            assertTokenNotExposed(flink, jobIds, token);
            String metrics = prometheusMetrics();
            assertThat(metrics).contains("eventsIn", "eventsRejected", "windowsEmitted");
            assertDashboardSeriesExported(metrics);
        } finally {
            cancel(flink, jobIds);
        }
    }

    /** Waits for the traffic-drop rule to fire and then resolve at the fake Bot API. */
    private static List<FakeTelegramServer.Request> awaitIncident(FakeTelegramServer telegram)
            throws InterruptedException {
        long deadline = System.nanoTime() + INCIDENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<FakeTelegramServer.Request> messages = telegram.requests();
            int firing = indexOf(messages, "FIRING", 0);
            if (firing >= 0 && indexOf(messages, "RESOLVED", firing + 1) >= 0) {
                return messages;
            }
            Thread.sleep(1000);
        }
        return fail(
                "the traffic-drop-hourly alert did not fire and resolve within "
                        + INCIDENT_TIMEOUT
                        + "; messages: "
                        + telegram.requests());
    }

    private static int indexOf(List<FakeTelegramServer.Request> messages, String state, int from) {
        for (int i = from; i < messages.size(); i++) {
            String text = messages.get(i).text();
            if (text.contains("traffic-drop-hourly") && text.contains(state)) {
                return i;
            }
        }
        return -1;
    }

    private void awaitCheckpoint(String flink, String jobId) throws Exception {
        long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode checkpoints =
                    call(
                            HttpRequest.newBuilder(
                                            URI.create(flink + "/jobs/" + jobId + "/checkpoints"))
                                    .GET());
            if (checkpoints.path("counts").path("completed").asLong() > 0) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("job " + jobId + " completed no checkpoint within " + CHECKPOINT_TIMEOUT);
    }

    /**
     * The bot token must appear in nothing the REST API shows (what the web UI displays: job
     * configuration, plan, cluster configuration) and in no log of the cluster.
     */
    private void assertTokenNotExposed(String flink, List<String> jobIds, String token)
            throws Exception {
        String secret = token.substring(token.indexOf(':') + 1);
        List<String> paths =
                new ArrayList<>(List.of("/jobmanager/config", "/jobmanager/log", "/jars"));
        for (String id : jobIds) {
            paths.add("/jobs/" + id);
            paths.add("/jobs/" + id + "/config");
            paths.add("/jobs/" + id + "/plan");
        }
        for (JsonNode tm :
                call(HttpRequest.newBuilder(URI.create(flink + "/taskmanagers")).GET())
                        .path("taskmanagers")) {
            paths.add("/taskmanagers/" + tm.path("id").asText() + "/log");
        }
        for (String path : paths) {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(flink + path))
                                    .timeout(REQUEST_TIMEOUT)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isNotBlank().doesNotContain(secret);
        }
    }

    /** What the cluster's Prometheus reporters serve, from every port of the configured range. */
    private String prometheusMetrics() throws InterruptedException {
        StringBuilder all = new StringBuilder();
        for (int port = 9249; port <= 9269; port++) {
            try {
                all.append(
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/metrics"))
                                                .timeout(Duration.ofSeconds(5))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (IOException e) {
                // Nothing listens on this port of the range.
            }
        }
        return all.toString();
    }

    /**
     * Every series a panel of the Docker stack's Grafana dashboard (monitoring/grafana) queries is
     * served by the cluster running the jobs: a renamed metric, operator or job would otherwise
     * leave the panel empty without an error.
     */
    private static void assertDashboardSeriesExported(String metrics) {
        PrometheusScrape scrape = PrometheusScrape.parse(metrics);
        List<String> missing = new ArrayList<>();
        for (String query : GrafanaDashboard.queries(GrafanaDashboard.PIPELINE)) {
            for (GrafanaDashboard.Selector selector : GrafanaDashboard.selectors(query)) {
                if (!scrape.has(selector)) {
                    missing.add(selector + " of " + query);
                }
            }
        }
        assertThat(missing).as("series of the Grafana dashboard no reporter serves").isEmpty();
    }

    /**
     * The states of the traffic-drop alert in alert_log, once both are there or the bound passed.
     */
    private String awaitAlertLogStates(String clickhouse, String database) throws Exception {
        String query =
                "SELECT groupUniqArray(state) FROM `"
                        + database
                        + "`.alert_log FINAL WHERE rule_id = 'traffic-drop-hourly' AND"
                        + " delivery_status = 'sent'";
        long deadline = System.nanoTime() + ROWS_TIMEOUT.toNanos();
        String states = clickhouseQuery(clickhouse, query);
        while (!(states.contains("FIRING") && states.contains("RESOLVED"))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            states = clickhouseQuery(clickhouse, query);
        }
        return states;
    }

    private String clickhouseQuery(String clickhouse, String query) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(clickhouse + "/"))
                                .timeout(REQUEST_TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofString(query))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            fail(name + " is not set: " + HOW_TO_RUN);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static Path builtJar(String module, String name) {
        Path moduleDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path jar =
                moduleDir.resolve("..").resolve(module).resolve("target").resolve(name).normalize();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build it first (mvn -B verify builds it before this test)");
        }
        return jar;
    }

    /** Uploads the jar and runs it, as the web UI's "Submit New Job" does; returns the job id. */
    private String submit(String flink, Path jar, String entryClass, List<String> args)
            throws IOException, InterruptedException {
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
        JsonNode upload =
                call(
                        HttpRequest.newBuilder(URI.create(flink + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String filename = upload.path("filename").asText();
        String jarId = filename.substring(filename.lastIndexOf('/') + 1);

        // programArgsList, not programArgs: Flink 2.2 ignores the single-string form.
        Map<String, Object> request = new HashMap<>();
        request.put("entryClass", entryClass);
        request.put("parallelism", 1);
        request.put("programArgsList", args);
        JsonNode run =
                call(
                        HttpRequest.newBuilder(URI.create(flink + "/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                json.writeValueAsString(request))));
        return run.path("jobid").asText();
    }

    private void awaitRunning(String flink, List<String> jobIds) throws Exception {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        Map<String, String> states = jobStates(flink, jobIds);
        while (!states.values().stream().allMatch("RUNNING"::equals)) {
            for (Map.Entry<String, String> job : states.entrySet()) {
                if (Set.of("FAILED", "CANCELED", "FINISHED").contains(job.getValue())) {
                    fail(
                            "job "
                                    + job.getKey()
                                    + " is "
                                    + job.getValue()
                                    + failureOf(flink, job.getKey()));
                }
            }
            if (System.nanoTime() > deadline) {
                fail("jobs not RUNNING after " + RUNNING_TIMEOUT + ": " + states);
            }
            Thread.sleep(500);
            states = jobStates(flink, jobIds);
        }
    }

    private Map<String, String> jobStates(String flink, List<String> jobIds)
            throws IOException, InterruptedException {
        JsonNode overview =
                call(HttpRequest.newBuilder(URI.create(flink + "/jobs/overview")).GET());
        Map<String, String> states = new HashMap<>();
        for (String id : jobIds) {
            states.put(id, "UNKNOWN");
        }
        for (JsonNode job : overview.path("jobs")) {
            if (states.containsKey(job.path("jid").asText())) {
                states.put(job.path("jid").asText(), job.path("state").asText());
            }
        }
        return states;
    }

    private long awaitKpiRows(String flink, List<String> jobIds, String clickhouse, String database)
            throws Exception {
        String query = "SELECT count() FROM `" + database + "`.kpi_window FORMAT TabSeparated";
        long deadline = System.nanoTime() + ROWS_TIMEOUT.toNanos();
        String lastAnswer = "";
        while (System.nanoTime() < deadline) {
            // The metrics job creates the database when it starts, so early queries may fail.
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(clickhouse + "/"))
                                    .timeout(REQUEST_TIMEOUT)
                                    .POST(HttpRequest.BodyPublishers.ofString(query))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            lastAnswer = response.statusCode() + " " + response.body().strip();
            if (response.statusCode() == 200 && Long.parseLong(response.body().strip()) > 0) {
                return Long.parseLong(response.body().strip());
            }
            Thread.sleep(2000);
        }
        StringBuilder why = new StringBuilder();
        for (String id : jobIds) {
            why.append("\njob ").append(id).append(failureOf(flink, id));
        }
        return fail(
                "no rows in "
                        + database
                        + ".kpi_window after "
                        + ROWS_TIMEOUT
                        + "; ClickHouse last answered: "
                        + lastAnswer
                        + why);
    }

    /** The job's latest exception, so a failing run says why without digging through logs. */
    private String failureOf(String flink, String jobId) {
        try {
            JsonNode exceptions =
                    call(
                            HttpRequest.newBuilder(
                                            URI.create(flink + "/jobs/" + jobId + "/exceptions"))
                                    .GET());
            JsonNode latest = exceptions.path("exceptionHistory").path("entries").path(0);
            return latest.isMissingNode()
                    ? " (no exception recorded)"
                    : ": " + latest.path("stacktrace").asText();
        } catch (IOException | AssertionError e) {
            return " (its exceptions could not be read: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return " (interrupted while reading its exceptions)";
        }
    }

    /**
     * Cancels the jobs and waits until they release their slots, so later tests on the same cluster
     * can be scheduled. Never throws: a failure here must not hide the test's own.
     */
    private void cancel(String flink, List<String> jobIds) {
        try {
            for (String id : jobIds) {
                call(
                        HttpRequest.newBuilder(URI.create(flink + "/jobs/" + id + "?mode=cancel"))
                                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
            }
            long deadline = System.nanoTime() + CANCEL_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline
                    && !jobStates(flink, jobIds).values().stream()
                            .allMatch(
                                    state ->
                                            Set.of("CANCELED", "FAILED", "FINISHED")
                                                    .contains(state))) {
                Thread.sleep(500);
            }
        } catch (IOException | AssertionError e) {
            System.err.println(
                    "could not cancel the test's jobs " + jobIds + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a Flink REST request; fails with the server's error message on an HTTP error. */
    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            fail(
                    built.method()
                            + " "
                            + built.uri()
                            + " answered HTTP "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }
}
