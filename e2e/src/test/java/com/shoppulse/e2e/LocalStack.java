package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.it.TestFlink;
import com.shoppulse.metrics.MetricsJobConfig;
import com.shoppulse.submit.FlinkRestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The README's first command as the end-to-end tests run it: {@code ./local/up.sh} on its own ports
 * and state folder ({@code .local/<state>/}), with the jars already built, without Telegram, its
 * output in {@code e2e/target/<state>.log}; and what an operator checks afterwards.
 */
final class LocalStack {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    // About a simulated day per real minute; the rest is headroom for a loaded 2-core machine.
    private static final Duration DAYS_TIMEOUT = Duration.ofSeconds(240);
    // up.sh's metrics job: 2 min out-of-orderness and 10 min lateness; a window ending an hour
    // before the newest event is final, whatever is still in flight.
    private static final String FINAL_WINDOWS =
            "window_end <= (SELECT max(event_time) FROM events_raw) - INTERVAL 1 HOUR";

    private final Path root =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("..").normalize();
    private final String state;
    private final Path stateDir;
    private final Path log;
    private final int clickHousePort;
    private final int kafkaPort;
    private final int flinkPort;
    private final FlinkRestClient flink;

    /**
     * A stack with nothing left of an earlier run of this state folder. Its ports ({@code
     * kafkaPort} + 1 and + 2 for the Kafka controller and ZooKeeper, {@code flinkPort} - 2000 for
     * Flink's RPC) must lie below 32768, where Linux hands out the local ports of outgoing
     * connections: a port in that range can be taken by any client of the moment, and a service
     * then fails to bind it.
     */
    LocalStack(String state, int clickHousePort, int kafkaPort, int flinkPort) throws IOException {
        if (Math.max(clickHousePort, Math.max(kafkaPort + 2, flinkPort)) >= 32768) {
            throw new IllegalArgumentException("LocalStack ports must lie below 32768");
        }
        this.state = state;
        this.stateDir = root.resolve(".local").resolve(state);
        this.log = root.resolve("e2e").resolve("target").resolve(state + ".log");
        this.clickHousePort = clickHousePort;
        this.kafkaPort = kafkaPort;
        this.flinkPort = flinkPort;
        this.flink = new FlinkRestClient("http://127.0.0.1:" + flinkPort);
        FileUtils.deleteDirectory(stateDir.toFile());
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
    }

    Process start() throws IOException {
        return start(Map.of());
    }

    /** Starts up.sh with {@code settings} added to its environment. */
    Process start(Map<String, String> settings) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder("bash", "local/up.sh")
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TELEGRAM_"));
        env.remove("CLICKHOUSE_URL");
        env.put("SHOP_PULSE_STATE", state);
        env.put("SKIP_BUILD", "1");
        env.put("CLICKHOUSE_PORT", String.valueOf(clickHousePort));
        env.put("KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(kafkaPort + 1));
        env.put("FLINK_PORT", String.valueOf(flinkPort));
        env.put("FLINK_RPC_PORT", String.valueOf(flinkPort - 2000));
        env.put("ZOOKEEPER_PORT", String.valueOf(kafkaPort + 2));
        env.putAll(settings);
        return builder.start();
    }

    /** What the TaskManager has logged so far. */
    String taskManagerLog() throws IOException {
        return Files.readString(
                stateDir.resolve("flink").resolve("log").resolve("taskmanager.log"),
                StandardCharsets.UTF_8);
    }

    /** A GET of Flink's REST API, as JSON; fails while the JobManager does not answer. */
    JsonNode flink(String path) throws IOException, InterruptedException {
        return flink.get(path);
    }

    /** The jobs not finished or cancelled, by name. */
    Map<String, JsonNode> liveJobs() throws IOException, InterruptedException {
        Map<String, JsonNode> jobs = new TreeMap<>();
        for (JsonNode job : flink("/jobs/overview").get("jobs")) {
            String state = job.get("state").asText();
            if (!state.equals("FINISHED") && !state.equals("CANCELED")) {
                jobs.put(job.get("name").asText(), job);
            }
        }
        return jobs;
    }

    /** The times job {@code name} failed, from its exception history. */
    int failuresOf(String name) throws IOException, InterruptedException {
        JsonNode job = liveJobs().get(name);
        assertThat(job).as("job " + name).isNotNull();
        return flink("/jobs/" + job.get("jid").asText() + "/exceptions")
                .at("/exceptionHistory/entries")
                .size();
    }

    /**
     * True when the three jobs run with every task, and each completed a checkpoint after {@code
     * sinceMillis}: they are not just scheduled, they make progress.
     */
    boolean allRunningAndCheckpointedSince(long sinceMillis) {
        try {
            Map<String, JsonNode> jobs = liveJobs();
            if (jobs.size() != 3) {
                return false;
            }
            for (JsonNode job : jobs.values()) {
                JsonNode tasks = job.get("tasks");
                if (!job.get("state").asText().equals("RUNNING")
                        || tasks.get("running").asInt() != tasks.get("total").asInt()) {
                    return false;
                }
                long acked =
                        flink("/jobs/" + job.get("jid").asText() + "/checkpoints")
                                .at("/latest/completed/latest_ack_timestamp")
                                .asLong(0);
                if (acked <= sinceMillis) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException noAnswerYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits, up to {@code bound}, until {@link #allRunningAndCheckpointedSince} holds and
     * ClickHouse answers; returns how long it took from {@code sinceMillis}.
     */
    Duration awaitRecovery(long sinceMillis, Duration bound) throws InterruptedException {
        long deadline = sinceMillis + bound.toMillis();
        while (System.currentTimeMillis() < deadline) {
            // A job with no rows pending may checkpoint while ClickHouse is still away; the stack
            // is back only when ClickHouse answers too.
            if (allRunningAndCheckpointedSince(sinceMillis) && clickHouseAnswers()) {
                return Duration.ofMillis(System.currentTimeMillis() - sinceMillis);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the jobs did not run and checkpoint again within " + bound);
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until up.sh has printed {@code line} {@code times} times in all. */
    void awaitLog(Process upSh, String line, int times) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = log();
            if (text.split(line, -1).length > times) {
                return;
            }
            if (!upSh.isAlive()) {
                fail("local/up.sh exited with " + upSh.exitValue() + ":\n" + tail(text));
            }
            Thread.sleep(500);
        }
        fail("local/up.sh did not print '" + line + "' in time:\n" + tail(log()));
    }

    /** SIGTERM, as Ctrl-C: up.sh stops what it started. */
    static void stop(Process upSh) throws InterruptedException {
        upSh.destroy();
        if (!upSh.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            upSh.destroyForcibly();
            fail("local/up.sh did not stop within " + STOP_TIMEOUT + " of SIGTERM");
        }
    }

    /**
     * The process of a service up.sh started ({@code clickhouse}, {@code flink-taskmanager}...).
     */
    ProcessHandle service(String name) throws IOException {
        long pid = Long.parseLong(Files.readString(stateDir.resolve(name + ".pid")).strip());
        return ProcessHandle.of(pid)
                .orElseThrow(() -> new AssertionError(name + " is not running"));
    }

    /** Stops, the hard way, every process whose command line names this stack's state folder. */
    void killAll() {
        ProcessHandle.allProcesses()
                .filter(
                        p ->
                                p.info()
                                        .commandLine()
                                        .map(line -> line.contains(stateDir + "/"))
                                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    void awaitClosedDays(long days) throws Exception {
        long deadline = System.nanoTime() + DAYS_TIMEOUT.toNanos();
        while (closedDays() < days) {
            if (System.nanoTime() > deadline) {
                fail("fewer than " + days + " simulated days closed in " + DAYS_TIMEOUT);
            }
            Thread.sleep(1000);
        }
    }

    long closedDays() throws Exception {
        try {
            return stackValue(
                    "SELECT count() FROM kpi_window FINAL WHERE window_seconds = 86400 AND "
                            + FINAL_WINDOWS);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    /**
     * What an operator checks after any trouble: nothing went to the dead-letter topic, and every
     * KPI row that is final in the stack equals what one uninterrupted run makes of the same
     * records (the metrics job run again from the earliest offset into database {@code replay}).
     */
    void assertRowsAsIfNothingHappened(String replay) throws Exception {
        assertThat(recordsIn("shop-events-dlq")).as("dead letters").isZero();
        // Windows final in the stack now; the replay reads at least what they were made of.
        long finalUntil =
                stackValue(
                        "SELECT toUnixTimestamp(max(event_time) - INTERVAL 1 HOUR) FROM events_raw");
        runUninterrupted(replay);
        try (Connection stack = clickHouse().connect("shop_analytics");
                Connection once = clickHouse().connect(replay)) {
            for (String table : List.of("kpi_window", "kpi_window_dim")) {
                List<String> rows = finalRows(stack, table, finalUntil);
                assertThat(rows).as("final rows of %s", table).isNotEmpty();
                assertThat(rows)
                        .as(table)
                        .containsExactlyElementsOf(finalRows(once, table, finalUntil));
            }
            String events =
                    "SELECT count(), sum(cityHash64(dedup_key)) FROM events_raw FINAL"
                            + " WHERE toUnixTimestamp(event_time) <= "
                            + finalUntil;
            assertThat(rowsOf(stack, events))
                    .as("events_raw, each event once")
                    .isEqualTo(rowsOf(once, events));
        }
    }

    private boolean clickHouseAnswers() {
        try {
            return stackValue("SELECT 1") == 1;
        } catch (SQLException away) {
            return false;
        }
    }

    /** Events the stack has counted so far. */
    long countedEvents() throws SQLException {
        return stackValue("SELECT count() FROM events_raw FINAL");
    }

    /** The first column of the first row {@code sql} returns from the stack's database. */
    long stackValue(String sql) throws SQLException {
        try (Connection db = clickHouse().connect("shop_analytics");
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void runUninterrupted(String database) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                "127.0.0.1:" + kafkaPort,
                                "--events-topic",
                                "shop-events",
                                "--dead-letter-topic",
                                database + "-dlq",
                                "--publish-kpis",
                                "false",
                                "--group-id",
                                database,
                                "--clickhouse-url",
                                "http://127.0.0.1:" + clickHousePort,
                                "--clickhouse-database",
                                database));
        args.addAll(stackTimeArgs());
        MetricsJobConfig config = MetricsJobConfig.fromArgs(args.toArray(String[]::new));
        SchemaMigrator.migrate(config.clickHouse);
        TestFlink.runMetricsJobOverTopicNow(config, "uninterrupted replay");
    }

    /**
     * The windows and event-time options the stack runs the metrics job with, from where up.sh
     * takes them, so that the replay computes exactly the stack's windows.
     */
    private List<String> stackTimeArgs() throws IOException, InterruptedException {
        Process lib =
                new ProcessBuilder("bash", "-c", "source local/lib.sh && sp_metrics_time_args")
                        .directory(root.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        List<String> args =
                new String(lib.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList();
        assertThat(lib.waitFor()).as("sp_metrics_time_args").isZero();
        assertThat(args).as("sp_metrics_time_args").contains("--window-sizes");
        return args;
    }

    private ClickHouseOptions clickHouse() {
        return new ClickHouseOptions(
                "http://127.0.0.1:" + clickHousePort, "default", "", "shop_analytics");
    }

    /** Every KPI column of the windows ending by {@code until}, one line per row, sorted. */
    private static List<String> finalRows(Connection db, String table, long until)
            throws Exception {
        return rowsOf(
                db,
                "SELECT * EXCEPT (version, updated_at) FROM "
                        + table
                        + " FINAL WHERE toUnixTimestamp(window_end) <= "
                        + until
                        + " ORDER BY ALL");
    }

    /** What {@code sql} returns, one line per row. */
    private static List<String> rowsOf(Connection db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(rs.getString(c)).append(" | ");
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private long recordsIn(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort))) {
            return admin
                    .listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
