package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.e2e.DashboardsBundle.ChartQuery;
import com.shoppulse.generator.shop.ShopProfile;
import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.IncidentSchedule;
import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.SimulationSettings;
import com.shoppulse.ingest.ParsedRecord;
import com.shoppulse.it.TestFlink;
import com.shoppulse.it.TestServices;
import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Superset dashboards (superset/bundle), checked without a Superset: every file carries what
 * Superset's importer requires and nothing it would reject, every reference inside the bundle
 * resolves, and, after generated traffic went through the real metrics job into a real ClickHouse,
 * every dataset's SQL and every chart's query answers with rows, and the active-user counts are
 * exact.
 */
class DashboardsIT {
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

    // Several days, so that the trailing 7 and 30 days hold more users than one day does.
    private static final int DAYS = 3;
    private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

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

    @Test
    void afterGeneratedTrafficEveryDatasetAndChartAnswersAndActiveUsersAreExact() throws Exception {
        String kafka = TestServices.kafka();
        String clickhouse = TestServices.clickHouse();
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String topic = "dashboards-events-" + run;
        String database = "dashboards_" + run;

        List<ShopRecord> traffic = generatedTraffic();
        TestServices.createTopic(topic, 2);
        TestServices.createTopic(topic + "-dlq", 1);
        TestServices.produce(
                topic, traffic.stream().map(r -> new String[] {r.userId(), r.json()}).toList());
        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        kafka,
                        "--events-topic",
                        topic,
                        "--dead-letter-topic",
                        topic + "-dlq",
                        "--publish-kpis",
                        "false",
                        "--clickhouse-url",
                        clickhouse,
                        "--clickhouse-database",
                        database,
                        "--window-sizes",
                        "1h,1d",
                        "--max-out-of-orderness",
                        "2m",
                        "--allowed-lateness",
                        "10m",
                        "--sink-flush-interval",
                        "200ms");
        SchemaMigrator.migrate(config.clickHouse);
        runMetricsJob(config);

        try (Connection db = config.clickHouse.connect(database)) {
            insertAlerts(db);
            for (Map.Entry<String, JsonNode> dataset : bundle.datasets.entrySet()) {
                assertDatasetAnswers(db, dataset.getKey(), dataset.getValue());
            }
            Map<String, Map<String, String>> defaults = nativeFilterDefaultsByChart();
            for (Map.Entry<String, JsonNode> chart : bundle.charts.entrySet()) {
                assertChartAnswers(db, chart.getKey(), chart.getValue(), defaults);
            }
            assertActiveUsersAreExact(db);
        }
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

    // ------------------------------------------------------------------ against ClickHouse

    /** Whole simulated days of the generator's default shop, from a fixed Monday. */
    private static List<ShopRecord> generatedTraffic() {
        ShopSimulator shop =
                new ShopSimulator(
                        new SimulationSettings(
                                42,
                                MONDAY,
                                ShopProfile.DEFAULT,
                                IncidentSchedule.parse(IncidentSchedule.DEFAULT),
                                Faults.NONE));
        List<ShopRecord> records = new ArrayList<>();
        for (long second = 0; second < DAYS * 86_400L; second++) {
            records.addAll(shop.recordsAt(second));
        }
        return records;
    }

    /** The real metrics job over what is in the topic now; returns when it has read it all. */
    private static void runMetricsJob(MetricsJobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        DataStream<ParsedRecord> records = TestFlink.eventsInTopicNow(env, config);
        new MetricsJob(config).build(records, MetricsJob.Sinks.of(config));
        env.execute("dashboards IT");
    }

    /** An incident of the first day: raised at noon, resolved at one, one rule. */
    private static void insertAlerts(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(
                    "INSERT INTO alert_log (alert_id, rule_id, kpi, scope, scope_value, condition,"
                            + " state, severity, window_seconds, window_start, window_end, value,"
                            + " threshold, previous_value, message, created_at, delivery_status,"
                            + " delivery_error, delivered_at) VALUES"
                            + " ('a-1', 'orders_drop', 'orders', 'overall', 'all', 'below',"
                            + " 'FIRING', 'critical', 3600, '2026-11-02 12:00:00',"
                            + " '2026-11-02 13:00:00', 1, 3, 4, 'orders dropped',"
                            + " '2026-11-02 13:00:05.000', 'sent', '', '2026-11-02 13:00:06.000'),"
                            + " ('a-1', 'orders_drop', 'orders', 'overall', 'all', 'below',"
                            + " 'RESOLVED', 'critical', 3600, '2026-11-02 13:00:00',"
                            + " '2026-11-02 14:00:00', 5, 3, 1, 'orders are back',"
                            + " '2026-11-02 14:00:05.000', 'sent', '', '2026-11-02 14:00:06.000')");
        }
    }

    /**
     * The dataset's SQL returns rows, its columns are exactly the declared ones with the declared
     * types, and every metric's expression runs over it, as Superset wraps them.
     */
    private static void assertDatasetAnswers(Connection db, String file, JsonNode dataset)
            throws SQLException {
        String sql = dataset.path("sql").asText();
        Map<String, String> declared = new LinkedHashMap<>();
        dataset.path("columns")
                .forEach(
                        column ->
                                declared.put(
                                        column.path("column_name").asText(),
                                        column.path("type").asText()));
        Map<String, String> actual = new LinkedHashMap<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE TABLE (" + sql + ")")) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(actual).as("%s: columns and types of its SQL", file).isEqualTo(declared);
        assertThat(count(db, "SELECT count() FROM (" + sql + ")"))
                .as("%s: rows", file)
                .isPositive();
        for (JsonNode metric : dataset.path("metrics")) {
            try (Statement statement = db.createStatement();
                    ResultSet rs =
                            statement.executeQuery(
                                    "SELECT "
                                            + metric.path("expression").asText()
                                            + " FROM ("
                                            + sql
                                            + ") AS virtual_table")) {
                assertThat(rs.next())
                        .as("%s: metric %s", file, metric.path("metric_name"))
                        .isTrue();
            }
        }
    }

    /**
     * Each query of the chart, as Superset would send it with the dashboard's default filters (its
     * time range aside: the data lies in the past), returns rows.
     */
    private void assertChartAnswers(
            Connection db, String file, JsonNode chart, Map<String, Map<String, String>> defaults)
            throws SQLException {
        JsonNode dataset = bundle.datasetByUuid(chart.path("dataset_uuid").asText());
        Map<String, String> metricSql = new HashMap<>();
        dataset.path("metrics")
                .forEach(
                        metric ->
                                metricSql.put(
                                        metric.path("metric_name").asText(),
                                        metric.path("expression").asText()));
        for (ChartQuery query : DashboardsBundle.queriesOf(chart.path("params"))) {
            List<String> select = new ArrayList<>(query.columns());
            query.metrics().forEach(metric -> select.add(metricSql.get(metric) + " AS " + metric));
            List<String> where = new ArrayList<>();
            for (JsonNode filter : query.filters()) {
                String operator = filter.path("operator").asText();
                if (operator.equals("==")) {
                    where.add(
                            filter.path("subject").asText()
                                    + " = "
                                    + quote(filter.path("comparator").asText()));
                } else {
                    assertThat(operator)
                            .as("%s: filter operator", file)
                            .isEqualTo("TEMPORAL_RANGE");
                }
            }
            defaults.getOrDefault(chart.path("uuid").asText(), Map.of())
                    .forEach((column, value) -> where.add(column + " = " + quote(value)));
            String sql =
                    "SELECT "
                            + String.join(", ", select)
                            + " FROM ("
                            + dataset.path("sql").asText()
                            + ") AS virtual_table"
                            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                            + (query.metrics().isEmpty() || query.columns().isEmpty()
                                    ? ""
                                    : " GROUP BY " + String.join(", ", query.columns()));
            assertThat(count(db, "SELECT count() FROM (" + sql + ")"))
                    .as("%s: rows of %s", file, sql)
                    .isPositive();
        }
    }

    /** For each chart, the column and default value of every select filter it is in scope of. */
    private Map<String, Map<String, String>> nativeFilterDefaultsByChart() {
        Map<String, Map<String, String>> defaults = new HashMap<>();
        for (JsonNode dashboard : bundle.dashboards.values()) {
            Map<Integer, String> uuidById = new HashMap<>();
            dashboard
                    .path("position")
                    .forEach(
                            node -> {
                                if (node.path("type").asText().equals("CHART")) {
                                    uuidById.put(
                                            node.path("meta").path("chartId").asInt(),
                                            node.path("meta").path("uuid").asText());
                                }
                            });
            for (JsonNode filter : dashboard.path("metadata").path("native_filter_configuration")) {
                if (!filter.path("filterType").asText().equals("filter_select")) {
                    continue;
                }
                String column = filter.path("targets").path(0).path("column").path("name").asText();
                String value =
                        filter.path("defaultDataMask")
                                .path("filterState")
                                .path("value")
                                .path(0)
                                .asText();
                for (JsonNode id : filter.path("chartsInScope")) {
                    defaults.computeIfAbsent(uuidById.get(id.asInt()), uuid -> new HashMap<>())
                            .put(column, value);
                }
            }
        }
        return defaults;
    }

    /**
     * DAU ≤ WAU ≤ MAU on every day and dimension; the overall DAU equals the metrics job's own
     * daily active users; and the last day's WAU and MAU, overall and for a city, equal the
     * distinct users of events_raw over the same 7 and 30 days.
     */
    private static void assertActiveUsersAreExact(Connection db) throws SQLException {
        assertThat(
                        count(
                                db,
                                "SELECT count() FROM active_users_daily"
                                        + " WHERE NOT (dau <= wau AND wau <= mau)"))
                .as("days where DAU <= WAU <= MAU does not hold")
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count() FROM active_users_daily AS a"
                                        + " INNER JOIN kpi_daily AS k ON a.day = k.day"
                                        + " WHERE a.dimension = 'all' AND a.dau = k.dau"))
                .as("days whose DAU equals kpi_daily's")
                .isEqualTo(DAYS);

        LocalDate last =
                LocalDate.parse(text(db, "SELECT toString(max(day)) FROM active_users_daily"));
        String city =
                text(
                        db,
                        "SELECT city FROM events_raw FINAL GROUP BY city"
                                + " ORDER BY uniqExact(user_id) DESC LIMIT 1");
        for (Scope scope :
                List.of(
                        new Scope("all", "all", "1"),
                        new Scope("city", city, "city = " + quote(city)))) {
            String row =
                    " FROM active_users_daily WHERE dimension = "
                            + quote(scope.dimension())
                            + " AND dimension_value = "
                            + quote(scope.value())
                            + " AND day = "
                            + quote(last.toString());
            long dau = count(db, "SELECT dau" + row);
            long wau = count(db, "SELECT wau" + row);
            long mau = count(db, "SELECT mau" + row);
            assertThat(wau).as("%s WAU after %d days", scope.value(), DAYS).isGreaterThan(dau);
            assertThat(wau)
                    .as("%s WAU", scope.value())
                    .isEqualTo(distinctUsers(db, last.minusDays(6), last, scope.eventsWhere()));
            assertThat(mau)
                    .as("%s MAU", scope.value())
                    .isEqualTo(distinctUsers(db, last.minusDays(29), last, scope.eventsWhere()));
        }
    }

    /** A row of active_users_daily and the events_raw condition that selects its users. */
    private record Scope(String dimension, String value, String eventsWhere) {}

    private static long distinctUsers(Connection db, LocalDate from, LocalDate to, String where)
            throws SQLException {
        return count(
                db,
                "SELECT uniqExact(user_id) FROM events_raw FINAL WHERE toDate(event_time) BETWEEN "
                        + quote(from.toString())
                        + " AND "
                        + quote(to.toString())
                        + " AND "
                        + where);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getLong(1);
        }
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
