package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.shoppulse.e2e.GrafanaDashboard.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus and Grafana configuration of the Docker stack ({@code monitoring/}), checked
 * against each other and against flink-conf/. That every metric the dashboard queries is really
 * exported is checked live, by {@code SessionClusterSubmitIT} on a session cluster running the
 * jobs.
 */
class MonitoringTest {
    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("..").normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void selectorsAreTheMetricsOfAQueryNotItsFunctionsKeywordsOrLabels() {
        assertThat(
                        GrafanaDashboard.selectors(
                                "sum by (job_name, reason) (rate(flink_a_count{job_name=\"x y\","
                                        + " reason!=\"late\", task=~\"t.*\"}[$__rate_interval]"
                                        + " offset 5m)) / on (job_name) group_left"
                                        + " max without (host) (flink_b) > bool 0"))
                .containsExactly(
                        new Selector("flink_a_count", Map.of("job_name", "x y")),
                        new Selector("flink_b", Map.of()));
        assertThat(
                        GrafanaDashboard.selectors(
                                "label_replace(sum(rate(flink_c[5m])), \"reason\", \"late\", \"\","
                                        + " \"\") or {__name__=\"flink_d\", op=\"a\\\"b\"}"))
                .containsExactly(
                        new Selector("flink_d", Map.of("op", "a\"b")),
                        new Selector("flink_c", Map.of()));
    }

    @Test
    void aScrapeHasASelectorWhenOneSeriesHasAllItsLabelValues() {
        PrometheusScrape scrape =
                PrometheusScrape.parse(
                        "# HELP flink_x x\n# TYPE flink_x gauge\n"
                                + "flink_x{job_name=\"shop_pulse_metrics\",reason=\"late\",} 0.0\n"
                                + "flink_x{job_name=\"shop_pulse_alerts\",reason=\"a\\\"b\",} 1.0\n"
                                + "flink_y 3.0\n");
        assertThat(scrape.metricNames()).containsExactly("flink_x", "flink_y");
        assertThat(scrape.has(new Selector("flink_x", Map.of("reason", "late")))).isTrue();
        assertThat(scrape.has(new Selector("flink_x", Map.of("reason", "a\"b")))).isTrue();
        assertThat(scrape.has(new Selector("flink_y", Map.of()))).isTrue();
        assertThat(
                        scrape.has(
                                new Selector(
                                        "flink_x",
                                        Map.of(
                                                "job_name", "shop_pulse_alerts",
                                                "reason", "late"))))
                .isFalse();
        assertThat(scrape.has(new Selector("flink_z", Map.of()))).isFalse();
    }

    @Test
    void everyPanelQueriesFlinkMetricsFromTheProvisionedPrometheus() throws IOException {
        String uid =
                YAML.readTree(
                                ROOT.resolve(
                                                "monitoring/grafana/provisioning/datasources/prometheus.yml")
                                        .toFile())
                        .path("datasources")
                        .path(0)
                        .path("uid")
                        .asText();
        JsonNode dashboard = new ObjectMapper().readTree(GrafanaDashboard.PIPELINE.toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels)
                .filteredOn(p -> !p.path("type").asText().equals("row"))
                .isNotEmpty()
                .allSatisfy(
                        panel -> {
                            String title = panel.path("title").asText();
                            assertThat(panel.path("datasource").path("uid").asText())
                                    .as("data source of %s", title)
                                    .isEqualTo(uid);
                            assertThat(panel.path("targets"))
                                    .as("queries of %s", title)
                                    .isNotEmpty();
                        });
        List<String> queries = GrafanaDashboard.queries(GrafanaDashboard.PIPELINE);
        assertThat(queries)
                .isNotEmpty()
                .allSatisfy(
                        query ->
                                assertThat(GrafanaDashboard.selectors(query))
                                        .as("metrics of %s", query)
                                        .isNotEmpty()
                                        .allSatisfy(
                                                s ->
                                                        assertThat(s.metric())
                                                                .as("Prometheus scrapes only Flink")
                                                                .startsWith("flink_")));
    }

    @Test
    void prometheusScrapesTheJobManagerAndEveryTaskManagerOnTheReportersPort() throws IOException {
        Matcher range =
                Pattern.compile("(?m)^metrics\\.reporter\\.prom\\.port:\\s*(\\d+)")
                        .matcher(Files.readString(ROOT.resolve("flink-conf/config.yaml")));
        assertThat(range.find()).as("metrics.reporter.prom.port in flink-conf").isTrue();
        // One Flink process per container: each gets the first port of the range.
        int port = Integer.parseInt(range.group(1));

        JsonNode scrapes =
                YAML.readTree(ROOT.resolve("monitoring/prometheus/prometheus.yml").toFile())
                        .path("scrape_configs");
        List<String> staticTargets = new ArrayList<>();
        List<String> discovered = new ArrayList<>();
        for (JsonNode scrape : scrapes) {
            scrape.path("static_configs")
                    .forEach(c -> c.path("targets").forEach(t -> staticTargets.add(t.asText())));
            for (JsonNode dns : scrape.path("dns_sd_configs")) {
                assertThat(dns.path("type").asText()).isEqualTo("A");
                dns.path("names")
                        .forEach(n -> discovered.add(n.asText() + ":" + dns.path("port").asInt()));
            }
        }
        assertThat(staticTargets).containsExactly("jobmanager:" + port);
        // The TaskManager service scales: Docker's DNS answers its name with every replica.
        assertThat(discovered).containsExactly("taskmanager:" + port);
    }
}
