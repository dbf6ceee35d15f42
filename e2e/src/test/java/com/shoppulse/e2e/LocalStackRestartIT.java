package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.it.TestFlink;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, stopped and started again: {@code ./local/up.sh} on its own ports and
 * state folder, stopped with SIGTERM (what Ctrl-C does) once a few simulated days have closed, then
 * started again. The second start must resume every job from its retained checkpoint, and the
 * metrics job's rows must equal what one uninterrupted run makes of the same records: the metrics
 * job run once more, from the earliest offset into a fresh database, over the stack's topic. No
 * valid event may reach the dead-letter topic (the demo's generator sends no broken ones).
 */
class LocalStackRestartIT {
    private static final String STATE = "e2e-restart";
    private static final int CLICKHOUSE_PORT = 38123;
    private static final int KAFKA_PORT = 39092;
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

    @Test
    void aStoppedStackResumesWhereItLeftOffWithTheSameRows() throws Exception {
        deleteRecursively(root.resolve(".local").resolve(STATE));
        Path log = root.resolve("e2e").resolve("target").resolve("local-stack-restart.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);

        Process first = upSh(log);
        try {
            awaitLog(first, log, "shop-pulse is running", 1);
            awaitClosedDays(2);
        } finally {
            stop(first);
        }

        Process second = upSh(log);
        try {
            awaitLog(second, log, "shop-pulse is running", 2);
            assertThat(Files.readString(log))
                    .as("every job resumes from its checkpoint")
                    .contains(
                            "submitted metrics (com.shoppulse.metrics.MetricsJob) as job",
                            "submitted alerts (com.shoppulse.alerts.AlertsJob) as job",
                            "submitted generator (com.shoppulse.generator.GeneratorJob) as job");
            assertThat(Files.readString(log).split("resuming from", -1)).hasSize(4);
            long closedBefore = closedDays();
            awaitClosedDays(closedBefore + 2);

            assertThat(recordsIn("shop-events-dlq")).as("dead letters").isZero();
            // Windows final in the stack now; the replay reads at least what they were made of.
            long finalUntil = finalUntil();
            String replay = "restart_replay";
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
            }
        } finally {
            stop(second);
        }
    }

    private Process upSh(Path log) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder("bash", "local/up.sh")
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TELEGRAM_"));
        env.remove("CLICKHOUSE_URL");
        env.put("SHOP_PULSE_STATE", STATE);
        env.put("SKIP_BUILD", "1");
        env.put("CLICKHOUSE_PORT", String.valueOf(CLICKHOUSE_PORT));
        env.put("KAFKA_PORT", String.valueOf(KAFKA_PORT));
        env.put("KAFKA_CONTROLLER_PORT", "39093");
        env.put("FLINK_PORT", "38081");
        env.put("FLINK_RPC_PORT", "36123");
        return builder.start();
    }

    private static void awaitLog(Process upSh, Path log, String line, int times) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (text.split(line, -1).length > times) {
                return;
            }
            if (!upSh.isAlive()) {
                fail("local/up.sh exited with " + upSh.exitValue() + ":\n" + tail(text));
            }
            Thread.sleep(500);
        }
        fail("local/up.sh did not print '" + line + "' in time:\n" + tail(Files.readString(log)));
    }

    private static void stop(Process upSh) throws InterruptedException {
        upSh.destroy();
        if (!upSh.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            upSh.destroyForcibly();
            fail("local/up.sh did not stop within " + STOP_TIMEOUT + " of SIGTERM");
        }
    }

    private void awaitClosedDays(long days) throws Exception {
        long deadline = System.nanoTime() + DAYS_TIMEOUT.toNanos();
        while (closedDays() < days) {
            if (System.nanoTime() > deadline) {
                fail("fewer than " + days + " simulated days closed in " + DAYS_TIMEOUT);
            }
            Thread.sleep(1000);
        }
    }

    private long closedDays() throws Exception {
        try {
            return stackValue(
                    "SELECT count() FROM kpi_window FINAL WHERE window_seconds = 86400 AND "
                            + FINAL_WINDOWS);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private long finalUntil() throws Exception {
        return stackValue(
                "SELECT toUnixTimestamp(max(event_time) - INTERVAL 1 HOUR) FROM events_raw");
    }

    private static long stackValue(String sql) throws SQLException {
        try (Connection db = clickHouse().connect("shop_analytics");
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void runUninterrupted(String database) throws Exception {
        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers", "127.0.0.1:" + KAFKA_PORT,
                        "--events-topic", "shop-events",
                        "--dead-letter-topic", "restart-replay-dlq",
                        "--publish-kpis", "false",
                        "--group-id", "restart-replay",
                        "--clickhouse-url", "http://127.0.0.1:" + CLICKHOUSE_PORT,
                        "--clickhouse-database", database,
                        "--window-sizes", "1h,1d",
                        "--max-out-of-orderness", "2m",
                        "--allowed-lateness", "10m",
                        "--idleness", "30s");
        SchemaMigrator.migrate(config.clickHouse);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        new MetricsJob(config)
                .build(TestFlink.eventsInTopicNow(env, config), MetricsJob.Sinks.of(config));
        env.execute("uninterrupted replay");
    }

    private static ClickHouseOptions clickHouse() {
        return new ClickHouseOptions(
                "http://127.0.0.1:" + CLICKHOUSE_PORT, "default", "", "shop_analytics");
    }

    /** Every KPI column of the windows ending by {@code until}, one line per row, sorted. */
    private static List<String> finalRows(Connection db, String table, long until)
            throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT * EXCEPT (version, updated_at) FROM "
                                        + table
                                        + " FINAL WHERE toUnixTimestamp(window_end) <= "
                                        + until
                                        + " ORDER BY ALL")) {
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

    private static long recordsIn(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + KAFKA_PORT))) {
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
