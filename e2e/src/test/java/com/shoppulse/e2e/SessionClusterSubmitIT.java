package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.shoppulse.alerts.telegram.FakeTelegramServer;
import com.shoppulse.it.TestServices;
import com.shoppulse.submit.FlinkRestClient;
import com.shoppulse.submit.JobList;
import com.shoppulse.submit.JobSpec;
import com.shoppulse.submit.JobSubmitter;
import com.shoppulse.submit.Submission;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the project the way local/up.sh and the Docker stack do: the jobs of flink-jobs.yaml are
 * submitted by the submit client, which uploads both shaded jars to a real Flink session cluster
 * over its REST API and runs them with their program arguments, against a real Kafka broker and
 * ClickHouse server. Passing means the list and the jars carry everything the cluster does not
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

    @TempDir Path checkpoints;

    @Test
    void uploadedJarsRunOnTheSessionClusterWriteKpisAndAlert() throws Exception {
        FlinkRestClient flink = new FlinkRestClient(requiredEnv("SHOPPULSE_IT_FLINK_REST"));
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
            // The token reaches the alerting job only through the JobManager's environment
            // (local/test.sh sets it), never through the list's arguments. The generator's default
            // incident, less traffic from 14:00 to 16:00 of every simulated day, is what the
            // shipped hourly traffic-drop rule is for; it fires from the second simulated day on
            // (about 100 s in), once the rule has learned a day.
            Map<String, String> variables =
                    Map.ofEntries(
                            Map.entry("JOBS_JAR", jobsJar.toString()),
                            Map.entry("GENERATOR_JAR", generatorJar.toString()),
                            Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka),
                            Map.entry("EVENTS_TOPIC", topic),
                            Map.entry("DEAD_LETTER_TOPIC", deadLetterTopic),
                            Map.entry("KPI_TOPIC", kpiTopic),
                            Map.entry("ALERTS_TOPIC", alertsTopic),
                            Map.entry("CLICKHOUSE_URL", clickhouse),
                            Map.entry("CLICKHOUSE_DATABASE", database),
                            Map.entry("METRICS_WINDOW_SIZES", "1h,1d"),
                            Map.entry("METRICS_MAX_OUT_OF_ORDERNESS", "2m"),
                            Map.entry("METRICS_ALLOWED_LATENESS", "10m"),
                            Map.entry("METRICS_IDLENESS", "30s"),
                            Map.entry("ALERTS_STARTING_OFFSETS", "earliest"),
                            Map.entry("TELEGRAM_API_URL", telegram.url()));
            JobSubmitter submitter = new JobSubmitter(flink, checkpoints, System.out::println);
            List<String> leftAlone = new ArrayList<>();
            for (JobSpec job : JobList.read(repositoryFile("flink-jobs.yaml"), variables)) {
                Submission submission = submitter.submit(job);
                (submission.leftAlone() ? leftAlone : jobIds).add(submission.jobId());
            }
            assertThat(leftAlone).as("jobs of the same names running on the cluster").isEmpty();

            flink.awaitRunning(jobIds, RUNNING_TIMEOUT);
            long rows = awaitKpiRows(flink, jobIds, clickhouse, database);
            assertThat(rows).as("rows in %s.kpi_window", database).isPositive();

            List<FakeTelegramServer.Request> messages = awaitIncident(telegram);
            assertThat(messages).allSatisfy(m -> assertThat(m.token()).isEqualTo(token));
            assertThat(messages).allSatisfy(m -> assertThat(m.chatId()).isEqualTo("4242"));
            assertThat(awaitAlertLogStates(clickhouse, database)).contains("FIRING", "RESOLVED");

            for (String id : jobIds) {
                flink.awaitCheckpoint(id, CHECKPOINT_TIMEOUT);
            }
            assertTokenNotExposed(flink, jobIds, token);
            String metrics = prometheusMetrics();
            assertThat(metrics)
                    .contains(
                            "eventsIn",
                            "eventsRejected",
                            "windowsEmitted",
                            "usersForgotten",
                            "userIndexesReused");
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

    /**
     * The bot token must appear in nothing the REST API shows (what the web UI displays: job
     * configuration, plan, cluster configuration) and in no log of the cluster.
     */
    private static void assertTokenNotExposed(
            FlinkRestClient flink, List<String> jobIds, String token) throws Exception {
        String secret = token.substring(token.indexOf(':') + 1);
        List<String> paths =
                new ArrayList<>(List.of("/jobmanager/config", "/jobmanager/log", "/jars"));
        for (String id : jobIds) {
            paths.add("/jobs/" + id);
            paths.add("/jobs/" + id + "/config");
            paths.add("/jobs/" + id + "/plan");
        }
        for (JsonNode tm : flink.get("/taskmanagers").path("taskmanagers")) {
            paths.add("/taskmanagers/" + tm.path("id").asText() + "/log");
        }
        for (String path : paths) {
            assertThat(flink.text(path)).as(path).isNotBlank().doesNotContain(secret);
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
        Path jar = repositoryFile(module + "/target/" + name);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build it first (mvn -B verify builds it before this test)");
        }
        return jar;
    }

    private static Path repositoryFile(String path) {
        Path moduleDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return moduleDir.resolve("..").resolve(path).normalize();
    }

    private long awaitKpiRows(
            FlinkRestClient flink, List<String> jobIds, String clickhouse, String database)
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
            why.append("\njob ").append(id).append(": ").append(flink.failureOf(id));
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

    /**
     * Cancels the jobs and waits until they release their slots, so later tests on the same cluster
     * can be scheduled. Never throws: a failure here must not hide the test's own.
     */
    private static void cancel(FlinkRestClient flink, List<String> jobIds) {
        try {
            flink.cancel(jobIds, CANCEL_TIMEOUT);
        } catch (IOException | IllegalStateException e) {
            System.err.println(
                    "could not cancel the test's jobs " + jobIds + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
