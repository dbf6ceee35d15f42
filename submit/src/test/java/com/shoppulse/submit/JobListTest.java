package com.shoppulse.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobListTest {
    /** The list the repository ships, which local/up.sh, Docker and the e2e test submit. */
    private static final Path SHIPPED = Path.of("..", "flink-jobs.yaml");

    private static final Map<String, String> REQUIRED =
            Map.of(
                    "JOBS_JAR", "jobs.jar",
                    "GENERATOR_JAR", "generator.jar",
                    "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "CLICKHOUSE_URL", "http://clickhouse:8123");

    @TempDir Path dir;

    @Test
    void theShippedListHasTheThreeJobsInOrder() throws IOException {
        List<JobSpec> jobs = JobList.read(SHIPPED, REQUIRED);

        assertThat(jobs)
                .extracting(JobSpec::name, JobSpec::jobName, JobSpec::entryClass)
                .containsExactly(
                        tuple("metrics", "shop-pulse metrics", "com.shoppulse.metrics.MetricsJob"),
                        tuple("alerts", "shop-pulse alerts", "com.shoppulse.alerts.AlertsJob"),
                        tuple(
                                "generator",
                                "shop-pulse generator",
                                "com.shoppulse.generator.GeneratorJob"));
        assertThat(jobs).extracting(JobSpec::parallelism).containsOnly(1);
        assertThat(jobs.get(0).jar()).isEqualTo(Path.of("jobs.jar"));
        assertThat(jobs.get(2).jar()).isEqualTo(Path.of("generator.jar"));
    }

    @Test
    void optionsWithoutAValueAreLeftOutAndDefaultsFilledIn() throws IOException {
        JobSpec generator = JobList.read(SHIPPED, REQUIRED).get(2);

        assertThat(generator.args())
                .containsExactly(
                        "--bootstrap-servers", "kafka:9092", "--events-topic", "shop-events");
    }

    @Test
    void variablesSetOptionalOptionsAndParallelism() throws IOException {
        Map<String, String> variables = new HashMap<>(REQUIRED);
        variables.put("METRICS_PARALLELISM", "2");
        variables.put("METRICS_STARTING_OFFSETS", "committed");
        variables.put("FLINK_REST_URL", "http://jobmanager:8081");
        variables.put("TELEGRAM_API_URL", "http://127.0.0.1:1234");

        List<JobSpec> jobs = JobList.read(SHIPPED, variables);

        assertThat(jobs.get(0).parallelism()).isEqualTo(2);
        assertThat(String.join(" ", jobs.get(0).args()))
                .contains("--starting-offsets committed")
                .doesNotContain("--window-sizes");
        assertThat(String.join(" ", jobs.get(1).args()))
                .contains("--flink-rest-url http://jobmanager:8081")
                .contains("--telegram-api-url http://127.0.0.1:1234")
                .doesNotContain("--starting-offsets");
    }

    @Test
    void anUnsetRequiredVariableNamesTheJobAndOption() {
        Map<String, String> variables = new HashMap<>(REQUIRED);
        variables.remove("CLICKHOUSE_URL");

        assertThatThrownBy(() -> JobList.read(SHIPPED, variables))
                .hasMessageContaining("job metrics (--clickhouse-url)")
                .hasMessageEndingWith("needs the variable CLICKHOUSE_URL, which is not set");
    }

    @Test
    void parallelismDefaultsToOne() throws IOException {
        Path list =
                write(
                        """
                        jobs:
                          one:
                            job-name: One
                            jar: one.jar
                            entry-class: a.One
                            args:
                              flag: "true"
                              count: 3
                        """);

        JobSpec one = JobList.read(list, Map.of()).get(0);

        assertThat(one.parallelism()).isEqualTo(1);
        assertThat(one.args()).containsExactly("--flag", "true", "--count", "3");
    }

    @Test
    void mistakesInTheListAreReported() throws IOException {
        assertThatThrownBy(() -> JobList.read(write("jobs: {}\n"), Map.of()))
                .hasMessageContaining("lists no jobs");
        assertThatThrownBy(
                        () ->
                                JobList.read(
                                        write(
                                                "jobs:\n  one:\n    job-name: One\n    jar: a.jar\n"
                                                        + "    entry_class: a.One\n"),
                                        Map.of()))
                .hasMessageContaining("job one has an unknown key 'entry_class'");
        assertThatThrownBy(
                        () ->
                                JobList.read(
                                        write(
                                                "jobs:\n  one:\n    job-name: One\n    jar: a.jar\n"
                                                        + "    entry-class: a.One\n"
                                                        + "    parallelism: two\n"),
                                        Map.of()))
                .hasMessageContaining("parallelism must be a number, not 'two'");
        assertThatThrownBy(
                        () ->
                                JobList.read(
                                        write("jobs:\n  one:\n    job-name: One\n    jar: a.jar\n"),
                                        Map.of()))
                .hasMessageContaining("job one needs a value for 'entry-class'");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "jobs", ".yaml"), yaml);
    }
}
