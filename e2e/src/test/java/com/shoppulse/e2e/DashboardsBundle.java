package com.shoppulse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Superset bundle's YAML sources ({@code superset/bundle}), read as Superset's importer reads
 * them: one tree per file, grouped by the folder that tells the importer what the file is.
 */
final class DashboardsBundle {
    final Path root;
    final JsonNode metadata;
    final Map<String, JsonNode> databases;
    final Map<String, JsonNode> datasets;
    final Map<String, JsonNode> charts;
    final Map<String, JsonNode> dashboards;

    private DashboardsBundle(Path root) {
        this.root = root;
        this.metadata = read(root.resolve("metadata.yaml"));
        this.databases = readAll(root.resolve("databases"));
        this.datasets = readAll(root.resolve("datasets"));
        this.charts = readAll(root.resolve("charts"));
        this.dashboards = readAll(root.resolve("dashboards"));
    }

    /** The bundle of this checkout; Maven runs the tests with the module as working directory. */
    static DashboardsBundle ofThisCheckout() {
        return new DashboardsBundle(
                Path.of(System.getProperty("basedir", ""))
                        .toAbsolutePath()
                        .resolve("../superset/bundle")
                        .normalize());
    }

    /** Every file of the bundle by its path below the bundle's root, as in the ZIP. */
    Map<String, JsonNode> files() {
        Map<String, JsonNode> all = new TreeMap<>();
        all.put("metadata.yaml", metadata);
        all.putAll(databases);
        all.putAll(datasets);
        all.putAll(charts);
        all.putAll(dashboards);
        return all;
    }

    JsonNode datasetByUuid(String uuid) {
        return byUuid(datasets, uuid);
    }

    JsonNode chartByUuid(String uuid) {
        return byUuid(charts, uuid);
    }

    private static JsonNode byUuid(Map<String, JsonNode> trees, String uuid) {
        return trees.values().stream()
                .filter(tree -> tree.path("uuid").asText().equals(uuid))
                .findFirst()
                .orElse(null);
    }

    static Set<String> columnNames(JsonNode dataset) {
        return names(dataset.path("columns"), "column_name");
    }

    static Set<String> metricNames(JsonNode dataset) {
        return names(dataset.path("metrics"), "metric_name");
    }

    /**
     * The queries a chart sends: a mixed chart one per side (A and B), every other chart one. Each
     * is what it groups by (or lists), the saved metrics it aggregates and its own filters.
     */
    static List<ChartQuery> queriesOf(JsonNode params) {
        List<ChartQuery> queries = new ArrayList<>();
        List<String> columns = texts(params, "x_axis", "groupby", "all_columns");
        List<String> metrics = texts(params, "metric", "metrics");
        queries.add(new ChartQuery(columns, metrics, items(params.path("adhoc_filters"))));
        if (params.has("metrics_b")) {
            queries.add(
                    new ChartQuery(
                            texts(params, "x_axis", "groupby_b"),
                            texts(params, "metrics_b"),
                            items(params.path("adhoc_filters_b"))));
        }
        return queries;
    }

    /** One query of a chart: what it groups by (or lists) and aggregates, under which filters. */
    record ChartQuery(List<String> columns, List<String> metrics, List<JsonNode> filters) {}

    /** Dataset columns a chart names: in its queries, its filters and its sort order. */
    static Set<String> columnsOf(JsonNode params) {
        Set<String> columns = new LinkedHashSet<>();
        for (ChartQuery query : queriesOf(params)) {
            columns.addAll(query.columns());
            query.filters().forEach(filter -> columns.add(filter.path("subject").asText()));
        }
        for (JsonNode orderBy : params.path("order_by_cols")) {
            columns.add(readJson(orderBy.asText()).path(0).asText());
        }
        return columns;
    }

    /** Saved metrics of the dataset a chart names: in its queries and as its sort key. */
    static Set<String> metricsOf(JsonNode params) {
        Set<String> metrics = new LinkedHashSet<>();
        queriesOf(params).forEach(query -> metrics.addAll(query.metrics()));
        metrics.addAll(texts(params, "timeseries_limit_metric"));
        return metrics;
    }

    /** Columns every query of the chart filters to one value. */
    static Set<String> pinnedColumns(JsonNode params) {
        Set<String> pinned = null;
        for (ChartQuery query : queriesOf(params)) {
            Set<String> columns = new LinkedHashSet<>();
            for (JsonNode filter : query.filters()) {
                if (filter.path("operator").asText().equals("==")) {
                    columns.add(filter.path("subject").asText());
                }
            }
            if (pinned == null) {
                pinned = columns;
            } else {
                pinned.retainAll(columns);
            }
        }
        return pinned;
    }

    private static Set<String> names(JsonNode items, String field) {
        Set<String> names = new LinkedHashSet<>();
        items.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    /** The text values of these parameters, each a single text or a list of them. */
    private static List<String> texts(JsonNode params, String... keys) {
        List<String> texts = new ArrayList<>();
        for (String key : keys) {
            JsonNode value = params.path(key);
            for (JsonNode item : value.isArray() ? value : List.of(value)) {
                if (item.isTextual()) {
                    texts.add(item.asText());
                }
            }
        }
        return texts;
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private Map<String, JsonNode> readAll(Path dir) {
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                trees.put(root.relativize(file).toString().replace('\\', '/'), read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return trees;
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
