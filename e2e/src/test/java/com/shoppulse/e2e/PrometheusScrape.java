package com.shoppulse.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series of one or more Prometheus scrapes (the text format), by metric name. */
final class PrometheusScrape {
    private static final Pattern SAMPLE =
            Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*");
    private static final Pattern LABEL =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, List<Map<String, String>>> series = new HashMap<>();

    private PrometheusScrape() {}

    static PrometheusScrape parse(String text) {
        PrometheusScrape scrape = new PrometheusScrape();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), unescape(label.group(2)));
                }
            }
            scrape.series.computeIfAbsent(sample.group(1), k -> new ArrayList<>()).add(labels);
        }
        return scrape;
    }

    /** A label value as written: backslash, double quote and line feed escaped. */
    private static String unescape(String escaped) {
        StringBuilder value = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                value.append(next == 'n' ? '\n' : next);
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    Set<String> metricNames() {
        return new TreeSet<>(series.keySet());
    }

    /** Whether some series of the scrape has the selector's name and all of its label values. */
    boolean has(GrafanaDashboard.Selector selector) {
        return series.getOrDefault(selector.metric(), List.of()).stream()
                .anyMatch(labels -> labels.entrySet().containsAll(selector.labels().entrySet()));
    }
}
