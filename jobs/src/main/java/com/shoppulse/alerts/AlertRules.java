package com.shoppulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import com.shoppulse.options.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a rules file (YAML) and checks every rule, so that a mistake stops the job's start with a
 * message naming the rule and the field instead of an alert that silently never fires.
 *
 * <pre>
 * rules:
 *   - id: dau-low            # unique
 *     kpi: active_users      # a column of kpi_window
 *     window: 1d             # a window size the metrics job computes
 *     scope: overall         # or city, category, brand, device, channel: one alert per value
 *     condition: below       # below | above | drop_pct | rise_pct | zscore
 *     threshold: 1250        # a KPI value; a percentage for drop/rise; a z-score
 *     for: 1                 # consecutive breaching windows before it fires (default 1)
 *     severity: warning      # info | warning | critical (default warning)
 *     repeat: 6h             # optional: remind while still firing
 *     baseline: 7            # zscore: earlier windows in the baseline (default 7); with a
 *                            #   season, any relative condition: earlier seasons
 *     season: 1d             # optional, relative conditions: compare with the same window a
 *                            #   day (1d) or a week (7d) earlier instead of the windows just before
 *     min_baseline: 30       # optional, relative conditions: no breach while the baseline is lower
 * </pre>
 */
public final class AlertRules {
    private static final Set<String> FIELDS =
            Set.of(
                    "id",
                    "kpi",
                    "window",
                    "scope",
                    "condition",
                    "threshold",
                    "for",
                    "severity",
                    "repeat",
                    "baseline",
                    "season",
                    "min_baseline");
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    private AlertRules() {}

    public static List<AlertRule> parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage());
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            throw new IllegalArgumentException(source + " must have a non-empty list 'rules'");
        }
        List<AlertRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = new RuleReader(source, i, rules.get(i)).read();
            if (!ids.add(rule.id)) {
                throw new IllegalArgumentException(
                        source + ": rule '" + rule.id + "' (rules[" + i + "]): id is used twice");
            }
            parsed.add(rule);
        }
        return parsed;
    }

    /** Reads one rule, naming the rule and the field in every error. */
    private static final class RuleReader {
        private final String source;
        private final int index;
        private final JsonNode node;
        private String id;

        RuleReader(String source, int index, JsonNode node) {
            this.source = source;
            this.index = index;
            this.node = node;
        }

        AlertRule read() {
            if (!node.isObject()) {
                throw error("", "must be a mapping of fields");
            }
            id = text("id", null);
            if (id.chars().anyMatch(Character::isISOControl)) {
                // Also what keeps an id apart from the scope value in Evaluation's keys.
                throw error("id", "must not hold control characters");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw error(
                            name, "is not a rule field; fields are " + String.join(", ", FIELDS));
                }
            }
            String kpiName = text("kpi", null);
            Kpi kpi =
                    Kpi.fromColumn(kpiName)
                            .orElseThrow(
                                    () ->
                                            error(
                                                    "kpi",
                                                    "'"
                                                            + kpiName
                                                            + "' is not one of "
                                                            + Kpi.columns()));
            long windowSeconds = duration("window", null).toSeconds();
            String scopeName = text("scope", Dimension.OVERALL.scopeName());
            Dimension scope =
                    Dimension.fromScope(scopeName)
                            .orElseThrow(
                                    () ->
                                            error(
                                                    "scope",
                                                    "'"
                                                            + scopeName
                                                            + "' is not one of "
                                                            + Dimension.scopeNames()));
            String conditionName = text("condition", null);
            Condition condition =
                    Condition.fromYamlName(conditionName)
                            .orElseThrow(
                                    () ->
                                            error(
                                                    "condition",
                                                    "'"
                                                            + conditionName
                                                            + "' is not one of below, above, drop_pct,"
                                                            + " rise_pct, zscore"));
            double threshold = number("threshold");
            if ((condition == Condition.DROP_PCT || condition == Condition.RISE_PCT)
                    && (threshold <= 0 || threshold > 100 && condition == Condition.DROP_PCT)) {
                throw error(
                        "threshold", "must be a percentage above 0 (and at most 100 for a drop)");
            }
            if (condition == Condition.ZSCORE && threshold <= 0) {
                throw error("threshold", "must be a z-score above 0");
            }
            int forWindows = positiveInt("for", 1);
            String severity = text("severity", "warning");
            if (!SEVERITIES.contains(severity)) {
                throw error("severity", "'" + severity + "' is not one of info, warning, critical");
            }
            long repeatMillis = node.has("repeat") ? duration("repeat", null).toMillis() : 0;
            int baseline = positiveInt("baseline", 7);
            if (condition == Condition.ZSCORE && baseline < 2) {
                throw error("baseline", "must be at least 2 windows for a z-score");
            }
            long seasonMillis = node.has("season") ? duration("season", null).toMillis() : 0;
            if (seasonMillis > 0 && !condition.relative()) {
                throw error("season", "applies to drop_pct, rise_pct and zscore only");
            }
            if (seasonMillis % (windowSeconds * 1000) != 0) {
                throw error(
                        "season", "must be a whole number of windows (" + windowSeconds + " s)");
            }
            double minBaseline = node.has("min_baseline") ? number("min_baseline") : 0;
            if (minBaseline < 0 || node.has("min_baseline") && !condition.relative()) {
                throw error(
                        "min_baseline",
                        "must be 0 or more, and applies to drop_pct, rise_pct and zscore only");
            }
            return new AlertRule(
                    id,
                    kpi,
                    windowSeconds,
                    scope,
                    condition,
                    threshold,
                    forWindows,
                    severity,
                    repeatMillis,
                    baseline,
                    seasonMillis,
                    minBaseline);
        }

        private String text(String field, String fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (fallback == null) {
                    throw error(field, "is required");
                }
                return fallback;
            }
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw error(field, "must be a non-empty text");
            }
            return value.asText().strip();
        }

        private double number(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw error(field, "is required");
            }
            if (!value.isNumber()) {
                throw error(field, "must be a number, not '" + value.asText() + "'");
            }
            return value.asDouble();
        }

        private int positiveInt(String field, int fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isIntegralNumber() || value.asInt() < 1) {
                throw error(
                        field,
                        "must be a whole number of at least 1, not '" + value.asText() + "'");
            }
            return value.asInt();
        }

        private Duration duration(String field, String fallback) {
            String text = text(field, fallback);
            return Durations.parse(text)
                    .orElseThrow(
                            () -> error(field, "'" + text + "' is not a duration like 1m, 1h, 1d"));
        }

        private IllegalArgumentException error(String field, String problem) {
            String rule =
                    id == null
                            ? "rules[" + index + "]"
                            : "rule '" + id + "' (rules[" + index + "])";
            return new IllegalArgumentException(
                    source
                            + ": "
                            + rule
                            + (field.isEmpty() ? "" : ": field '" + field + "'")
                            + " "
                            + problem);
        }
    }
}
