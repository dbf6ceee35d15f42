package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, checked without a Docker engine: Debian's docker-compose resolves it with the
 * settings of .env.example, and the resolved stack must pin every image, keep the TaskManager
 * scalable, expose nothing beyond the host's loopback, run the Flink and Kafka versions the build
 * uses and give Prometheus and Grafana the configuration in monitoring/.
 */
class DashboardsDockerComposeTest {
    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("..").normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)");

    private static JsonNode services;
    private static JsonNode volumes;

    @BeforeAll
    static void resolveTheComposeFile() throws Exception {
        String resolved =
                dockerCompose("--env-file", ".env.example", "-f", "docker-compose.yml", "config");
        JsonNode stack = new ObjectMapper(new YAMLFactory()).readTree(resolved);
        services = stack.path("services");
        volumes = stack.path("volumes");
    }

    @Test
    void theStackHasEveryPart() {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "kafka",
                        "kafka-topics",
                        "clickhouse",
                        "clickhouse-schema",
                        "zookeeper",
                        "jobmanager",
                        "taskmanager",
                        "flink-jobs",
                        "superset-db",
                        "superset-init",
                        "superset",
                        "prometheus",
                        "grafana",
                        "report");
    }

    @Test
    void theReportServiceRunsTheBuiltJarWithItsSecretsAndKeepsReportsInAVolume() {
        JsonNode report = services.get("report");
        List<String> mounts = new ArrayList<>();
        report.path("volumes").forEach(v -> mounts.add(v.asText()));
        assertThat(mounts)
                .anyMatch(
                        m ->
                                m.endsWith(
                                        "/report/target/shop-pulse-report.jar:"
                                                + "/opt/shop-pulse/jars/shop-pulse-report.jar:ro"))
                .anyMatch(m -> m.startsWith("reports:/opt/shop-pulse/reports"));
        assertThat(volumes.has("reports")).as("the reports volume").isTrue();
        Set<String> environment = new TreeSet<>();
        report.path("environment").fieldNames().forEachRemaining(environment::add);
        assertThat(environment)
                .contains("CLICKHOUSE_PASSWORD", "TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_IDS");
        List<String> command = new ArrayList<>();
        report.path("entrypoint").forEach(a -> command.add(a.asText()));
        assertThat(String.join(" ", command))
                .contains("-jar /opt/shop-pulse/jars/shop-pulse-report.jar")
                .contains("--archive-dir /opt/shop-pulse/reports")
                .contains("--clickhouse-url http://clickhouse:8123");
    }

    @Test
    void everyImageIsPinned() throws IOException {
        List<String> images = new ArrayList<>();
        services.forEach(service -> images.add(service.path("image").asText()));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docker"))) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().equals("Dockerfile")) {
                    images.addAll(baseImages(file));
                }
            }
        }
        assertThat(images)
                .isNotEmpty()
                .allSatisfy(
                        image ->
                                assertThat(image)
                                        .as("image %s has a version tag", image)
                                        .matches("[^:\\s]+:v?[0-9][^:\\s]*"));
    }

    @Test
    void theImagesRunTheVersionsTheBuildUses() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(baseImages(ROOT.resolve("docker/flink/Dockerfile")).get(0))
                .startsWith("flink:" + property(pom, "flink.version") + "-");
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + property(pom, "kafka.version"));
    }

    @Test
    void taskManagersScaleAndOnlyLoopbackIsExposed() {
        JsonNode taskManager = services.path("taskmanager");
        assertThat(taskManager.has("container_name")).as("a fixed container name").isFalse();
        assertThat(taskManager.has("ports")).as("a fixed host port").isFalse();
        services.forEach(
                service ->
                        service.path("ports")
                                .forEach(
                                        port ->
                                                assertThat(port.asText())
                                                        .as("host port %s", port)
                                                        .startsWith("127.0.0.1:")));
    }

    @Test
    void theJobManagerGetsTheSecretsTheJobsReadWhenTheyStart() {
        JsonNode environment = services.path("jobmanager").path("environment");
        assertThat(environment.has("TELEGRAM_BOT_TOKEN")).isTrue();
        assertThat(environment.has("TELEGRAM_CHAT_IDS")).isTrue();
        assertThat(environment.has("CLICKHOUSE_PASSWORD")).isTrue();
        for (String process : List.of("jobmanager", "taskmanager")) {
            assertThat(services.path(process).path("volumes").toString())
                    .as("%s runs with flink-conf/", process)
                    .contains("/opt/shop-pulse/flink-conf");
        }
    }

    @Test
    void supersetGetsEachCredentialOnItsOwnAndNoUriWithAPassword() {
        for (String service : List.of("superset-init", "superset")) {
            JsonNode environment = services.path(service).path("environment");
            for (String setting :
                    List.of(
                            "SUPERSET_DB_PASSWORD",
                            "CLICKHOUSE_USER",
                            "CLICKHOUSE_PASSWORD",
                            "CLICKHOUSE_DATABASE")) {
                assertThat(environment.has(setting)).as("%s gets %s", service, setting).isTrue();
            }
            // shop_pulse_databases.py percent-encodes them into the URIs; a URI written here
            // would carry them as they are.
            environment.forEach(
                    value ->
                            assertThat(value.asText())
                                    .as("%s's environment", service)
                                    .doesNotContain("://"));
        }
    }

    @Test
    void flinkLoadsTheMetricsReporterFromThePluginFolderOfFlinksPrometheusJar() {
        for (String process : List.of("jobmanager", "taskmanager")) {
            assertThat(services.path(process).path("volumes").toString())
                    .as("%s mounts the reporter flink-conf/ names", process)
                    .contains(
                            "/metrics-reporter/target/shop-pulse-metrics-reporter.jar:"
                                    + "/opt/flink/plugins/metrics-prometheus/");
        }
    }

    @Test
    void prometheusAndGrafanaRunWithTheConfigurationOfMonitoring() throws IOException {
        JsonNode prometheus = services.path("prometheus");
        assertThat(prometheus.path("command").toString())
                .contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(mounts(prometheus))
                .containsEntry(
                        "/etc/prometheus/prometheus.yml",
                        real(ROOT.resolve("monitoring/prometheus/prometheus.yml")));

        JsonNode grafana = services.path("grafana");
        Map<String, Path> grafanaMounts = mounts(grafana);
        for (String kind : List.of("datasources", "dashboards")) {
            assertThat(grafanaMounts)
                    .containsEntry(
                            "/etc/grafana/provisioning/" + kind,
                            real(ROOT.resolve("monitoring/grafana/provisioning/" + kind)));
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String dashboards =
                yaml.readTree(
                                ROOT.resolve(
                                                "monitoring/grafana/provisioning/dashboards/shop-pulse.yml")
                                        .toFile())
                        .path("providers")
                        .path(0)
                        .path("options")
                        .path("path")
                        .asText();
        assertThat(grafanaMounts)
                .as("the folder the dashboard provider reads")
                .containsEntry(dashboards, real(ROOT.resolve("monitoring/grafana/dashboards")));
        String home =
                grafana.path("environment")
                        .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                        .asText();
        assertThat(home).startsWith(dashboards + "/");
        assertThat(
                        ROOT.resolve("monitoring/grafana/dashboards")
                                .resolve(home.substring(dashboards.length() + 1)))
                .as("the home dashboard")
                .isRegularFile();

        String url =
                yaml.readTree(
                                ROOT.resolve(
                                                "monitoring/grafana/provisioning/datasources/prometheus.yml")
                                        .toFile())
                        .path("datasources")
                        .path(0)
                        .path("url")
                        .asText();
        assertThat(url)
                .as("the data source is the prometheus service")
                .isEqualTo("http://prometheus:9090");
        assertThat(prometheus.path("ports").toString()).contains(":9090");
    }

    /** The bind mounts of a service: where in the container, from where on the host. */
    private static Map<String, Path> mounts(JsonNode service) {
        Map<String, Path> mounts = new TreeMap<>();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("/")) {
                mounts.put(parts[1], real(Path.of(parts[0])));
            }
        }
        return mounts;
    }

    /** The path without symbolic links, as docker-compose may resolve them. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    @Test
    void envExampleDocumentsEveryVariableTheComposeFileReads() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(documented).containsAll(used);
    }

    private static String dockerCompose(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        command.addAll(List.of(args));
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(ROOT.toFile())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
        } catch (IOException e) {
            return fail(
                    "docker-compose is not installed; on Debian: apt-get install -y docker-compose"
                            + " (it validates the file without a Docker engine)");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("exit code of %s", command).isZero();
        return output;
    }

    private static List<String> baseImages(Path dockerfile) throws IOException {
        return Files.readAllLines(dockerfile).stream()
                .filter(line -> line.startsWith("FROM "))
                .map(line -> line.substring("FROM ".length()).strip())
                .toList();
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)<").matcher(pom);
        assertThat(matcher.find()).as("%s in pom.xml", name).isTrue();
        return matcher.group(1);
    }
}
