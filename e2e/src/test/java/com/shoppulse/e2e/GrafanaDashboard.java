package com.shoppulse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provisioned Grafana dashboard of the Docker stack ({@code monitoring/grafana/dashboards}),
 * read for its PromQL queries and the series they select.
 */
final class GrafanaDashboard {
    /** The pipeline dashboard of this checkout; Maven runs tests in the module's folder. */
    static final Path PIPELINE =
            Path.of(System.getProperty("basedir", ""))
                    .toAbsolutePath()
                    .resolve("../monitoring/grafana/dashboards/pipeline.json")
                    .normalize();

    /**
     * A series selector of a query: the metric's name and the label values it must have. Only
     * {@code label="value"} matchers are kept; {@code !=}, {@code =~} and {@code !~} narrow a
     * selection that exists without them, and a value with a dashboard variable is Grafana's.
     */
    record Selector(String metric, Map<String, String> labels) {
        @Override
        public String toString() {
            return metric + (labels.isEmpty() ? "" : labels);
        }
    }

    private static final String NAME = "[A-Za-z_:][A-Za-z0-9_:]*";
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern BRACES = Pattern.compile("(" + NAME + ")?\\s*\\{([^}]*)}");
    private static final Pattern EQUALS =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(" + STRING + ")");
    // by (...) and friends name labels, not metrics.
    private static final Pattern LABEL_LIST =
            Pattern.compile(
                    "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
                    Pattern.CASE_INSENSITIVE);
    // A name that stands alone; one followed by "(" is a function or an aggregation.
    private static final Pattern BARE_NAME =
            Pattern.compile("(?<![A-Za-z0-9_:.$])(" + NAME + ")(?![A-Za-z0-9_:]|\\s*\\()");
    private static final Set<String> KEYWORDS =
            Set.of(
                    "and",
                    "or",
                    "unless",
                    "atan2",
                    "bool",
                    "offset",
                    "by",
                    "without",
                    "on",
                    "ignoring",
                    "group_left",
                    "group_right",
                    "inf",
                    "nan");

    private GrafanaDashboard() {}

    /** The {@code expr} of every query of every panel, rows' panels included. */
    static List<String> queries(Path dashboard) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> queries = new ArrayList<>();
        collectQueries(root.path("panels"), queries);
        return queries;
    }

    private static void collectQueries(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
            collectQueries(panel.path("panels"), queries);
        }
    }

    /** Every series selector of a PromQL query, in order of appearance. */
    static List<Selector> selectors(String promql) {
        Set<Selector> selectors = new LinkedHashSet<>();
        Matcher braces = BRACES.matcher(promql);
        StringBuilder rest = new StringBuilder();
        while (braces.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher equals = EQUALS.matcher(braces.group(2));
            while (equals.find()) {
                String value = unquote(equals.group(2));
                // A dashboard variable ($job) stands for values only Grafana knows.
                if (!value.contains("$")) {
                    labels.put(equals.group(1), value);
                }
            }
            String name = braces.group(1);
            String metric =
                    name != null && !KEYWORDS.contains(name.toLowerCase())
                            ? name
                            : labels.remove("__name__");
            if (metric != null) {
                selectors.add(new Selector(metric, labels));
            }
            braces.appendReplacement(rest, " ");
        }
        braces.appendTail(rest);

        String bare =
                LABEL_LIST
                        .matcher(
                                rest.toString()
                                        .replaceAll(STRING, " ")
                                        .replaceAll("\\[[^]]*]", " "))
                        .replaceAll(" ");
        Matcher names = BARE_NAME.matcher(bare);
        while (names.find()) {
            if (!KEYWORDS.contains(names.group(1).toLowerCase())) {
                selectors.add(new Selector(names.group(1), Map.of()));
            }
        }
        return List.copyOf(selectors);
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replaceAll("\\\\(.)", "$1");
    }
}
