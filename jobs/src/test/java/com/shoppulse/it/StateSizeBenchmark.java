package com.shoppulse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What many users in one window cost the metrics job in memory and checkpoint time: USERS distinct
 * users, one view each, spread over one hour of event time in a 2-partition topic, read by the job
 * (every sink, the given options) at the given parallelism on a standalone Flink cluster, a
 * JobManager and a TaskManager process as the local stack runs them (flink-conf/config.yaml; {@code
 * ./bench/run.sh users} starts it). Once the hour's overall row shows all of them, the job stays up
 * on the drained topic, its state holding them all (de-duplication ledger, the hour and the day
 * still open), and its next checkpoints are those of that steady state. Prints every checkpoint's
 * duration and size and each process's resident memory: the TaskManager's is the job's. Not a test.
 *
 * <p>Arguments: USERS P FLINK_CONF_DIR JOBS_JAR TASKMANAGER_PID JOBMANAGER_PID OPTION...
 */
public final class StateSizeBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant HOUR = Instant.parse("2025-06-02T10:00:00Z");
    private static final int STEADY_CHECKPOINTS = 5;
    private static final long BOUND_MILLIS = 15 * 60_000;

    private StateSizeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int users = Integer.parseInt(args[0]);
        int parallelism = Integer.parseInt(args[1]);
        Configuration cluster = GlobalConfiguration.loadConfiguration(args[2]);
        String jobsJar = args[3];
        String taskManagerPid = args[4];
        String jobManagerPid = args[5];
        List<String> options = Arrays.asList(args).subList(6, args.length);
        String topic = TestServices.uniqueName("users");
        TestServices.createTopic(topic, 2);
        long produceStart = System.nanoTime();
        produce(topic, users);
        System.out.printf(
                "%,d users (one view each) in 10:00-11:00 of %s, written in %.1f s%n",
                users, HOUR.toString().substring(0, 10), (System.nanoTime() - produceStart) / 1e9);

        String database = TestServices.uniqueName("users");
        MetricsJobConfig config = MetricsJobRun.config(topic, database, options);
        // The client reads the cluster's own config, as `flink run` does: its checkpoint interval
        // and state backend are the job's.
        int restPort = cluster.get(RestOptions.PORT);
        String rest = "http://127.0.0.1:" + restPort;
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        "127.0.0.1", restPort, cluster, jobsJar);
        env.setParallelism(parallelism);
        MetricsJob job = new MetricsJob(config);
        job.build(
                job.readEvents(env, MetricsJob.kafkaSource(config).build()),
                MetricsJob.Sinks.of(config));
        long start = System.nanoTime();
        JobClient client = env.executeAsync("state size benchmark");
        try {
            long counted = awaitHourCounted(config, database, users);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "the hour's overall row counts %,d active users, %.1f s after the job's"
                            + " submission (%,.0f events/s)%n",
                    counted, seconds, users / seconds);
            long drainedAt = System.currentTimeMillis();
            JsonNode history =
                    awaitCheckpointsAfter(
                            rest + "/jobs/" + client.getJobID() + "/checkpoints", drainedAt);
            report(history, drainedAt);
            printMemory("TaskManager", taskManagerPid);
            printTaskManagerHeap(rest);
            printMemory("JobManager", jobManagerPid);
        } finally {
            client.cancel().get();
        }
    }

    /** The process's peak and current resident memory, from /proc (Linux only). */
    private static void printMemory(String process, String pid) {
        System.out.printf(
                "%s process (pid %s): peak resident memory (VmHWM) %,d MiB, now (VmRSS) %,d MiB%n",
                process,
                pid,
                CompareBenchmark.peakRssKib(pid) / 1024,
                CompareBenchmark.statusKib(pid, "VmRSS") / 1024);
    }

    /**
     * The TaskManager's heap, used, committed and its limit, from Flink's metrics; polled, as the
     * REST API has none until its metric fetcher first ran.
     */
    private static void printTaskManagerHeap(String rest) throws Exception {
        String id = get(rest + "/taskmanagers").path("taskmanagers").path(0).path("id").asText();
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode metrics = get(rest + "/taskmanagers/" + id).path("metrics");
        while (metrics.path("heapUsed").asLong() <= 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
            metrics = get(rest + "/taskmanagers/" + id).path("metrics");
        }
        System.out.printf(
                "TaskManager heap: %,d MiB used, %,d MiB committed, %,d MiB at most%n",
                metrics.path("heapUsed").asLong() >> 20,
                metrics.path("heapCommitted").asLong() >> 20,
                metrics.path("heapMax").asLong() >> 20);
    }

    private static JsonNode get(String url) throws Exception {
        return MAPPER.readTree(
                HTTP.send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    /**
     * One view per user, the users' times rising evenly through the hour; then a view at 11:05 in
     * each partition, which moves the watermark past the hour so that it closes.
     */
    private static void produce(String topic, int users) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.kafka());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("linger.ms", "20");
        props.put("batch.size", "262144");
        long hour = HOUR.toEpochMilli();
        SendCheck check = new SendCheck(topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < users; i++) {
                String user = new UUID(0x5350_0000_0000_0000L, i).toString();
                producer.send(
                        new ProducerRecord<>(
                                topic, i % 2, user, view(user, hour + i * 3_600_000L / users)),
                        check.next());
            }
            for (int partition = 0; partition < 2; partition++) {
                String user = "closer-" + partition;
                producer.send(
                        new ProducerRecord<>(
                                topic, partition, user, view(user, hour + 65 * 60_000L)),
                        check.next());
            }
        }
        check.verify();
    }

    private static String view(String user, long millis) {
        return "{\"event_id\":\""
                + UUID.randomUUID()
                + "\",\"event_type\":\"view\",\"event_time\":"
                + millis
                + ",\"user_id\":\""
                + user
                + "\",\"product_id\":\"p1\",\"category\":\"books\",\"brand\":\"acme\","
                + "\"price\":100.00,\"city\":\"Kazan\",\"device\":\"mobile\",\"channel\":\"seo\"}";
    }

    /** Polls (bounded) until the hour's overall row counts every user; returns its count. */
    private static long awaitHourCounted(MetricsJobConfig config, String database, int users)
            throws Exception {
        long deadline = System.currentTimeMillis() + BOUND_MILLIS;
        try (Connection db = config.clickHouse.connect(database);
                Statement statement = db.createStatement()) {
            while (true) {
                try (ResultSet rs =
                        statement.executeQuery(
                                "SELECT max(active_users) FROM kpi_window FINAL"
                                        + " WHERE window_seconds = 3600 AND window_start = '"
                                        + HOUR.toString().replace("T", " ").replace("Z", "")
                                        + "'")) {
                    rs.next();
                    long counted = rs.getLong(1);
                    if (counted >= users) {
                        return counted;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "the hour's row did not count " + users + " users in time");
                }
                Thread.sleep(500);
            }
        }
    }

    /** The checkpoint history once {@link #STEADY_CHECKPOINTS} completed after {@code since}. */
    private static JsonNode awaitCheckpointsAfter(String url, long since) throws Exception {
        long deadline = System.currentTimeMillis() + BOUND_MILLIS;
        while (true) {
            JsonNode history = get(url).path("history");
            if (steady(history, since).size() >= STEADY_CHECKPOINTS) {
                return history;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no steady checkpoints in time: " + history);
            }
            Thread.sleep(1_000);
        }
    }

    private static List<JsonNode> steady(JsonNode history, long since) {
        List<JsonNode> steady = new ArrayList<>();
        for (JsonNode checkpoint : history) {
            if ("COMPLETED".equals(checkpoint.path("status").asText())
                    && checkpoint.path("trigger_timestamp").asLong() > since) {
                steady.add(checkpoint);
            }
        }
        return steady;
    }

    private static void report(JsonNode history, long drainedAt) {
        List<JsonNode> ordered = new ArrayList<>();
        history.forEach(ordered::add);
        ordered.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
        for (JsonNode checkpoint : ordered) {
            System.out.printf(
                    "checkpoint %d (%s, %s): %,d ms, %,.1f MiB%n",
                    checkpoint.path("id").asLong(),
                    checkpoint.path("status").asText().toLowerCase(),
                    checkpoint.path("trigger_timestamp").asLong() > drainedAt
                            ? "steady state"
                            : "while reading",
                    checkpoint.path("end_to_end_duration").asLong(),
                    checkpoint.path("checkpointed_size").asLong() / 1048576.0);
        }
    }
}
