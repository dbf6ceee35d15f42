package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.alerts.AlertsJob;
import com.shoppulse.alerts.AlertsJobConfig;
import com.shoppulse.generator.GeneratorConfig;
import com.shoppulse.generator.GeneratorJob;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import com.shoppulse.options.OptionTable;
import com.shoppulse.submit.JobList;
import com.shoppulse.submit.JobSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code flink-jobs.yaml} against the jobs it submits, without a cluster: each entry starts the
 * class it means, is named as that job names itself (the submit client leaves a job alone while one
 * of that name is live), and passes only arguments the job's own option table accepts, so a
 * misspelt option in the list fails here rather than at a deployment.
 */
class FlinkJobsListTest {
    private static final Map<String, Program> PROGRAMS =
            Map.of(
                    MetricsJob.class.getName(),
                    new Program(MetricsJob.NAME, MetricsJobConfig.OPTIONS),
                    AlertsJob.class.getName(),
                    new Program(AlertsJob.NAME, AlertsJobConfig.OPTIONS),
                    GeneratorJob.class.getName(),
                    new Program(GeneratorJob.NAME, GeneratorConfig.OPTIONS));

    private record Program(String name, OptionTable options) {}

    /** What every deployment sets: the jars and where Kafka, ClickHouse and Flink are. */
    private static final Map<String, String> REQUIRED =
            Map.of(
                    "JOBS_JAR", "jobs.jar",
                    "GENERATOR_JAR", "generator.jar",
                    "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "CLICKHOUSE_URL", "http://clickhouse:8123",
                    "FLINK_REST_URL", "http://jobmanager:8081");

    @Test
    void withOnlyTheRequiredVariablesEveryJobTakesItsArguments() throws IOException {
        assertEveryJobTakesItsArguments(REQUIRED);
    }

    @Test
    void withEveryVariableSetAsTheStacksSetThemEveryJobTakesItsArguments() throws IOException {
        Map<String, String> variables = new HashMap<>(REQUIRED);
        variables.putAll(
                Map.of(
                        "METRICS_WINDOW_SIZES", "1m,1h,1d",
                        "METRICS_MAX_OUT_OF_ORDERNESS", "2m",
                        "METRICS_ALLOWED_LATENESS", "10m",
                        "METRICS_IDLENESS", "30s",
                        "METRICS_STARTING_OFFSETS", "committed",
                        "ALERTS_STARTING_OFFSETS", "earliest",
                        "INIT_SCHEMA", "false",
                        "RESTART_ALERT_THRESHOLD", "3",
                        "GENERATOR_START", "2026-11-23T00:00:00Z",
                        "GENERATOR_RATE", "5"));
        variables.putAll(
                Map.of(
                        "GENERATOR_SPEED_UP", "1",
                        "DASHBOARD_URL", "http://superset:8088/",
                        "TELEGRAM_API_URL", "http://127.0.0.1:8443",
                        "CLICKHOUSE_USER", "shop",
                        "METRICS_PARALLELISM", "2"));

        List<JobSpec> jobs = assertEveryJobTakesItsArguments(variables);

        assertThat(jobs).extracting(JobSpec::name).contains("metrics", "alerts", "generator");
    }

    private static List<JobSpec> assertEveryJobTakesItsArguments(Map<String, String> variables)
            throws IOException {
        List<JobSpec> jobs = JobList.read(Path.of("..", "flink-jobs.yaml"), variables);
        for (JobSpec job : jobs) {
            Program program = PROGRAMS.get(job.entryClass());
            assertThat(program).as("the entry class of job %s", job.name()).isNotNull();
            assertThat(job.jobName()).as("job-name of %s", job.name()).isEqualTo(program.name());
            program.options().parse(job.args().toArray(String[]::new));
        }
        return jobs;
    }
}
