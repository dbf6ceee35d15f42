package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The Superset dashboards (superset/bundle), checked without a Superset or any service: every file
 * carries what Superset's importer requires and nothing it would reject, every reference inside the
 * bundle resolves, every dashboard offers the same filters, docs/dashboards.md lists its charts,
 * and the built zip is reproducible. {@code DashboardsIT} runs the bundle's SQL on a real
 * ClickHouse.
 */
class SupersetBundleTest {
    // The keys Superset's importer (ImportV1*Schema, Superset 5) accepts per file type: a key
    // outside these fails the import, a required one missing too.
    private static final Set<String> DATABASE_KEYS =
            Set.of(
                    "database_name",
                    "sqlalchemy_uri",
                    "password",
                    "cache_timeout",
                    "expose_in_sqllab",
                    "allow_run_async",
                    "allow_ctas",
                    "allow_cvas",
                    "allow_dml",
                    "allow_csv_upload",
                    "extra",
                    "uuid",
                    "version");
    private static final Set<String> DATABASE_REQUIRED =
            Set.of("database_name", "sqlalchemy_uri", "uuid", "version");
    private static final Set<String> DATABASE_EXTRA_KEYS =
            Set.of(
                    "metadata_params",
                    "engine_params",
                    "metadata_cache_timeout",
                    "schemas_allowed_for_csv_upload",
                    "cost_estimate_enabled",
                    "allows_virtual_table_explore",
                    "cancel_query_on_windows_unload",
                    "disable_data_preview",
                    "version");
    private static final Set<String> DATASET_KEYS =
            Set.of(
                    "table_name",
                    "main_dttm_col",
                    "description",
                    "default_endpoint",
                    "offset",
                    "cache_timeout",
                    "schema",
                    "sql",
                    "params",
                    "template_params",
                    "filter_select_enabled",
                    "fetch_values_predicate",
                    "extra",
                    "uuid",
                    "columns",
                    "metrics",
                    "version",
                    "database_uuid");
    private static final Set<String> DATASET_REQUIRED =
            Set.of("table_name", "uuid", "version", "database_uuid");
    private static final Set<String> COLUMN_KEYS =
            Set.of(
                    "column_name",
                    "verbose_name",
                    "is_dttm",
                    "is_active",
                    "type",
                    "groupby",
                    "filterable",
                    "expression",
                    "description",
                    "python_date_format");
    private static final Set<String> METRIC_KEYS =
            Set.of(
                    "metric_name",
                    "verbose_name",
                    "metric_type",
                    "expression",
                    "description",
                    "d3format",
                    "extra",
                    "warning_text");
    private static final Set<String> CHART_KEYS =
            Set.of(
                    "slice_name",
                    "viz_type",
                    "params",
                    "query_context",
                    "cache_timeout",
                    "uuid",
                    "version",
                    "dataset_uuid");
    private static final Set<String> CHART_REQUIRED =
            Set.of("slice_name", "viz_type", "uuid", "version", "dataset_uuid");
    private static final Set<String> DASHBOARD_KEYS =
            Set.of(
                    "dashboard_title",
                    "description",
                    "css",
                    "slug",
                    "uuid",
                    "position",
                    "metadata",
                    "version",
                    "published");
    private static final Set<String> DASHBOARD_REQUIRED =
            Set.of("dashboard_title", "uuid", "version", "position");

    /** A dashboard row is 12 grid columns wide. */
    private static final int GRID_COLUMNS = 12;

    private final DashboardsBundle bundle = DashboardsBundle.ofThisCheckout();

    @Test
    void everyFileHasWhatSupersetsImporterRequiresAndNothingElse() {
        assertThat(bundle.metadata.path("version").asText()).isEqualTo("1.0.0");
        assertThat(bundle.metadata.path("type").asText()).isEqualTo("Dashboard");
        assertThat(OffsetDateTime.parse(bundle.metadata.path("timestamp").asText())).isNotNull();

        bundle.databases.forEach(
                (file, database) -> {
                    assertKeys(file, database, DATABASE_REQUIRED, DATABASE_KEYS);
                    assertKeys(
                            file + " extra", database.path("extra"), Set.of(), DATABASE_EXTRA_KEYS);
                    assertThat(database.path("sqlalchemy_uri").asText())
                            .as("%s: Superset's ClickHouse driver is clickhouse-connect", file)
                            .startsWith("clickhousedb://");
                });
        bundle.datasets.forEach(
                (file, dataset) -> {
                    assertKeys(file, dataset, DATASET_REQUIRED, DATASET_KEYS);
                    dataset.path("columns")
                            .forEach(
                                    column ->
                                            assertKeys(
                                                    file + " column",
                                                    column,
                                                    Set.of("column_name"),
                                                    COLUMN_KEYS));
                    dataset.path("metrics")
                            .forEach(
                                    metric ->
                                            assertKeys(
                                                    file + " metric",
                                                    metric,
                                                    Set.of("metric_name", "expression"),
                                                    METRIC_KEYS));
                });
        bundle.charts.forEach(
                (file, chart) -> {
                    assertKeys(file, chart, CHART_REQUIRED, CHART_KEYS);
                    assertThat(chart.path("params").isObject())
                            .as("%s: params is a mapping (the importer updates it)", file)
                            .isTrue();
                    assertThat(chart.path("params").path("viz_type").asText())
                            .as("%s: params.viz_type", file)
                            .isEqualTo(chart.path("viz_type").asText());
                });
        bundle.dashboards.forEach(
                (file, dashboard) ->
                        assertKeys(file, dashboard, DASHBOARD_REQUIRED, DASHBOARD_KEYS));
        bundle.files()
                .forEach(
                        (file, tree) -> {
                            if (tree.has("version")) {
                                assertThat(tree.path("version").asText())
                                        .as("%s: version", file)
                                        .isEqualTo("1.0.0");
                            }
                        });
    }

    @Test
    void uuidsAreUniqueAndEveryReferenceResolves() {
        Map<String, String> fileByUuid = new HashMap<>();
        bundle.files()
                .forEach(
                        (file, tree) -> {
                            if (!tree.has("uuid")) {
                                return;
                            }
                            String uuid = tree.path("uuid").asText();
                            assertThat(UUID.fromString(uuid).toString())
                                    .as("%s: a canonical UUID", file)
                                    .isEqualTo(uuid);
                            assertThat(fileByUuid.put(uuid, file))
                                    .as("%s: uuid %s is used twice", file, uuid)
                                    .isNull();
                        });

        Set<String> databaseUuids =
                bundle.databases.values().stream()
                        .map(database -> database.path("uuid").asText())
                        .collect(Collectors.toSet());
        bundle.datasets.forEach(
                (file, dataset) -> {
                    assertThat(databaseUuids)
                            .as("%s: database_uuid", file)
                            .contains(dataset.path("database_uuid").asText());
                    assertDatasetIsConsistent(file, dataset);
                });

        bundle.charts.forEach(
                (file, chart) -> {
                    JsonNode dataset = bundle.datasetByUuid(chart.path("dataset_uuid").asText());
                    assertThat(dataset).as("%s: dataset_uuid", file).isNotNull();
                    JsonNode params = chart.path("params");
                    assertThat(DashboardsBundle.columnNames(dataset))
                            .as("%s: the columns it uses", file)
                            .containsAll(DashboardsBundle.columnsOf(params));
                    assertThat(DashboardsBundle.metricNames(dataset))
                            .as("%s: the metrics it uses", file)
                            .containsAll(DashboardsBundle.metricsOf(params));
                    if (params.has("x_axis_sort")) {
                        Set<String> sortable = DashboardsBundle.metricsOf(params);
                        sortable.add(params.path("x_axis").asText());
                        assertThat(sortable)
                                .as("%s: x_axis_sort is the axis or a metric", file)
                                .contains(params.path("x_axis_sort").asText());
                    }
                });

        Map<Integer, String> chartUuidById = new HashMap<>();
        Set<String> chartsOnDashboards = new HashSet<>();
        bundle.dashboards.forEach(
                (file, dashboard) -> {
                    Map<Integer, String> charts = chartsOf(file, dashboard);
                    charts.forEach(
                            (id, uuid) -> {
                                String before = chartUuidById.putIfAbsent(id, uuid);
                                assertThat(before == null || before.equals(uuid))
                                        .as("%s: chartId %d names two charts", file, id)
                                        .isTrue();
                            });
                    chartsOnDashboards.addAll(charts.values());
                    assertFiltersAreConsistent(file, dashboard, charts);
                });
        assertThat(chartsOnDashboards)
                .as("every chart is on a dashboard")
                .containsExactlyInAnyOrderElementsOf(
                        bundle.charts.values().stream()
                                .map(chart -> chart.path("uuid").asText())
                                .toList());
    }

    @Test
    void everyDashboardOffersDateRangeWindowSizeAndCityFilters() {
        bundle.dashboards.forEach(
                (file, dashboard) -> {
                    Map<String, String> typeByName = new LinkedHashMap<>();
                    dashboard
                            .path("metadata")
                            .path("native_filter_configuration")
                            .forEach(
                                    filter ->
                                            typeByName.put(
                                                    filter.path("name").asText(),
                                                    filter.path("filterType").asText()));
                    assertThat(typeByName)
                            .as("%s: native filters", file)
                            .containsExactlyInAnyOrderEntriesOf(
                                    Map.of(
                                            "Date range", "filter_time",
                                            "Window size", "filter_select",
                                            "City", "filter_select"));
                });
    }

    @Test
    void docsDashboardsMdListsExactlyTheChartsOfEachDashboard() throws IOException {
        Map<String, Set<String>> documented = new HashMap<>();
        Set<String> section = null;
        for (String line : Files.readAllLines(bundle.root.resolve("../../docs/dashboards.md"))) {
            if (line.startsWith("### ")) {
                section = new TreeSet<>();
                documented.put(line.substring(4).replaceAll(" \\(.*", "").strip(), section);
            } else if (line.startsWith("## ")) {
                section = null;
            } else if (section != null && line.startsWith("| ") && !line.startsWith("| chart ")) {
                section.add(line.substring(2, line.indexOf(" |", 2)));
            }
        }
        Map<String, Set<String>> inBundle = new HashMap<>();
        bundle.dashboards
                .values()
                .forEach(
                        dashboard -> {
                            Set<String> names = new TreeSet<>();
                            dashboard
                                    .path("position")
                                    .forEach(
                                            node -> {
                                                if (node.path("type").asText().equals("CHART")) {
                                                    names.add(
                                                            node.path("meta")
                                                                    .path("sliceName")
                                                                    .asText());
                                                }
                                            });
                            inBundle.put(dashboard.path("dashboard_title").asText(), names);
                        });
        assertThat(documented).isEqualTo(inBundle);
    }

    @Test
    void theBuiltZipHoldsEveryFileUnderOneRootFolderAndIsReproducible() throws Exception {
        Path target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
        Path first = target.resolve("dashboards-first.zip");
        Path second = target.resolve("dashboards-second.zip");
        buildBundle(first);
        buildBundle(second);

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        Set<String> entries = new TreeSet<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(first))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries)
                .containsExactlyElementsOf(
                        bundle.files().keySet().stream()
                                .map(file -> "shop-pulse-dashboards/" + file)
                                .collect(Collectors.toCollection(TreeSet::new)));
    }

    // ------------------------------------------------------------------ the bundle's structure

    private static void assertKeys(
            String file, JsonNode tree, Set<String> required, Set<String> allowed) {
        Set<String> keys = new TreeSet<>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertThat(allowed).as("%s: keys Superset's importer accepts", file).containsAll(keys);
        for (String key : required) {
            assertThat(tree.path(key).isMissingNode() || tree.path(key).isNull())
                    .as("%s: required key %s", file, key)
                    .isFalse();
        }
    }

    private static void assertDatasetIsConsistent(String file, JsonNode dataset) {
        String sql = dataset.path("sql").asText();
        assertThat(sql).as("%s: a virtual dataset's SQL", file).isNotBlank();
        assertThat(sql)
                .as("%s: SQL without Jinja, so it runs as written", file)
                .doesNotContain("{{", "{%");
        assertThat(sql.strip()).as("%s: one statement", file).doesNotEndWith(";");

        Set<String> columns = DashboardsBundle.columnNames(dataset);
        // Superset aliases a metric by its name, and ClickHouse then resolves a column of that
        // name to the aggregate: SUM(revenue) AS revenue breaks every other use of revenue.
        assertThat(DashboardsBundle.metricNames(dataset))
                .as("%s: metric names that are no column names", file)
                .doesNotContainAnyElementsOf(columns);
        String timeColumn = dataset.path("main_dttm_col").asText();
        JsonNode time = null;
        for (JsonNode column : dataset.path("columns")) {
            if (column.path("column_name").asText().equals(timeColumn)) {
                time = column;
            }
        }
        assertThat(time).as("%s: main_dttm_col is a column", file).isNotNull();
        assertThat(time.path("is_dttm").asBoolean())
                .as("%s: main_dttm_col is temporal", file)
                .isTrue();
    }

    /** The dashboard's charts by their chartId, after checking that its layout is a tree. */
    private Map<Integer, String> chartsOf(String file, JsonNode dashboard) {
        JsonNode position = dashboard.path("position");
        Map<Integer, String> charts = new LinkedHashMap<>();
        position.fields()
                .forEachRemaining(
                        entry -> {
                            JsonNode node = entry.getValue();
                            if (!node.isObject()) {
                                return;
                            }
                            assertThat(node.path("id").asText())
                                    .as("%s: id of %s", file, entry.getKey())
                                    .isEqualTo(entry.getKey());
                            int width = 0;
                            for (JsonNode childId : node.path("children")) {
                                JsonNode child = position.path(childId.asText());
                                assertThat(child.isObject())
                                        .as("%s: child %s of %s", file, childId, entry.getKey())
                                        .isTrue();
                                JsonNode parents = child.path("parents");
                                assertThat(parents.path(parents.size() - 1).asText())
                                        .as("%s: parent of %s", file, childId)
                                        .isEqualTo(entry.getKey());
                                width += child.path("meta").path("width").asInt();
                            }
                            if (node.path("type").asText().equals("ROW")) {
                                assertThat(width)
                                        .as("%s: width of %s", file, entry.getKey())
                                        .isBetween(1, GRID_COLUMNS);
                            }
                            if (node.path("type").asText().equals("CHART")) {
                                String uuid = node.path("meta").path("uuid").asText();
                                JsonNode chart = bundle.chartByUuid(uuid);
                                assertThat(chart)
                                        .as("%s: chart %s in the position", file, uuid)
                                        .isNotNull();
                                assertThat(node.path("meta").path("sliceName").asText())
                                        .as("%s: sliceName of %s", file, uuid)
                                        .isEqualTo(chart.path("slice_name").asText());
                                assertThat(
                                                charts.put(
                                                        node.path("meta").path("chartId").asInt(),
                                                        uuid))
                                        .as("%s: chartId of %s is unique", file, uuid)
                                        .isNull();
                            }
                        });
        assertThat(position.path("ROOT_ID").path("children").path(0).asText())
                .as("%s: ROOT_ID holds the grid", file)
                .isEqualTo("GRID_ID");
        assertThat(charts).as("%s: charts", file).isNotEmpty();
        return charts;
    }

    /**
     * Each native filter's target column exists, its scope names exactly the dashboard's charts (in
     * scope or excluded, never both), every chart in scope has the column it filters, and every
     * excluded chart with that column pins one value of it.
     */
    private void assertFiltersAreConsistent(
            String file, JsonNode dashboard, Map<Integer, String> charts) {
        for (JsonNode filter : dashboard.path("metadata").path("native_filter_configuration")) {
            String name = file + " filter " + filter.path("name").asText();
            Set<Integer> inScope = ids(filter.path("chartsInScope"));
            Set<Integer> excluded = ids(filter.path("scope").path("excluded"));
            Set<Integer> both = new HashSet<>(inScope);
            both.retainAll(excluded);
            assertThat(both).as("%s: in scope and excluded", name).isEmpty();
            Set<Integer> all = new HashSet<>(inScope);
            all.addAll(excluded);
            assertThat(all).as("%s: scope covers the charts", name).isEqualTo(charts.keySet());

            String column = null;
            if (filter.path("filterType").asText().equals("filter_select")) {
                JsonNode target = filter.path("targets").path(0);
                column = target.path("column").path("name").asText();
                JsonNode dataset = bundle.datasetByUuid(target.path("datasetUuid").asText());
                assertThat(dataset).as("%s: target dataset", name).isNotNull();
                assertThat(DashboardsBundle.columnNames(dataset))
                        .as("%s: target column", name)
                        .contains(column);
                assertThat(filter.path("defaultDataMask").path("filterState").path("value"))
                        .as("%s: a default, so the required filter starts set", name)
                        .hasSize(1);
            }
            // Outside the filter's scope, a chart whose dataset has the column must pin it itself,
            // or it would add up every window size (or the shop and each of its cities).
            for (int id : excluded) {
                JsonNode chart = bundle.chartByUuid(charts.get(id));
                JsonNode dataset = bundle.datasetByUuid(chart.path("dataset_uuid").asText());
                if (column != null && DashboardsBundle.columnNames(dataset).contains(column)) {
                    assertThat(DashboardsBundle.pinnedColumns(chart.path("params")))
                            .as("%s: chart %s pins the column", name, chart.path("slice_name"))
                            .contains(column);
                }
            }
            for (int id : inScope) {
                JsonNode chart = bundle.chartByUuid(charts.get(id));
                JsonNode dataset = bundle.datasetByUuid(chart.path("dataset_uuid").asText());
                if (column != null) {
                    assertThat(DashboardsBundle.columnNames(dataset))
                            .as("%s: chart %s has the column", name, chart.path("slice_name"))
                            .contains(column);
                } else {
                    assertThat(dataset.path("main_dttm_col").asText())
                            .as("%s: chart %s has a time column", name, chart.path("slice_name"))
                            .isNotBlank();
                }
            }
        }
    }

    private static Set<Integer> ids(JsonNode array) {
        Set<Integer> ids = new HashSet<>();
        array.forEach(id -> ids.add(id.asInt()));
        return ids;
    }

    private void buildBundle(Path zip) throws IOException, InterruptedException {
        Path script = bundle.root.resolve("../build-bundle.sh").normalize();
        Process build =
                new ProcessBuilder("bash", script.toString(), zip.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor()).as("build-bundle.sh: %s", output).isZero();
    }
}
