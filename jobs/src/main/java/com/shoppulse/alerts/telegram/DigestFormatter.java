package com.shoppulse.alerts.telegram;

import com.shoppulse.alerts.Alert;
import com.shoppulse.alerts.AlertDigest;
import com.shoppulse.alerts.AlertLifecycle;
import com.shoppulse.alerts.AlertState;
import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Telegram message (HTML) for one digest: a header for the window, then one line per alert,
 * firing and critical ones first so that they survive when a long digest must be cut to fit.
 */
public final class DigestFormatter {
    /** Telegram refuses longer messages. */
    public static final int MAX_LENGTH = 4096;

    /** Keeps one absurd value (a 5000-character city) from pushing every other alert out. */
    private static final int MAX_VALUE_CODE_POINTS = 120;

    private static final List<String> SEVERITIES_BY_URGENCY =
            List.of("critical", "warning", "info");

    private static final Comparator<Alert> MOST_URGENT_FIRST =
            Comparator.comparing((Alert a) -> a.state != AlertState.FIRING)
                    .thenComparing(a -> urgency(a.severity));

    private final WindowText windows;
    private final String footer;

    public DigestFormatter(ZoneId zone, Optional<String> dashboardUrl) {
        this.windows = new WindowText(zone);
        this.footer =
                dashboardUrl
                        .map(url -> "\n\n<a href=\"" + Html.attribute(url) + "\">Dashboard</a>")
                        .orElse("");
    }

    /**
     * Formats a made-up digest of one alert and drops it: cold, the first digest took hundreds of
     * milliseconds (calendar and number formatting), which the first alert after a start paid.
     */
    public void prepare() {
        Alert alert = new Alert();
        alert.ruleId = "ready";
        alert.kpi = Kpi.REVENUE.column();
        alert.scope = Dimension.OVERALL.scopeName();
        alert.scopeValue = Dimension.OVERALL_VALUE;
        alert.condition = "below";
        alert.state = AlertState.FIRING;
        alert.severity = "warning";
        alert.windowSeconds = 60;
        alert.windowEndMillis = 60_000;
        AlertDigest digest = new AlertDigest();
        digest.windowSeconds = alert.windowSeconds;
        digest.windowEndMillis = alert.windowEndMillis;
        digest.alerts = new Alert[] {alert};
        format(digest);
    }

    public String format(AlertDigest digest) {
        List<Alert> alerts = new ArrayList<>(Arrays.asList(digest.alerts));
        alerts.sort(MOST_URGENT_FIRST);
        StringBuilder message = new StringBuilder(header(digest, alerts)).append('\n');
        for (int i = 0; i < alerts.size(); i++) {
            String line = "\n" + line(alerts.get(i));
            int after = alerts.size() - i - 1;
            String more = after == 0 ? "" : more(after);
            if (message.length() + line.length() + more.length() + footer.length() > MAX_LENGTH) {
                return message + more(alerts.size() - i) + footer;
            }
            message.append(line);
        }
        return message + footer;
    }

    private String header(AlertDigest digest, List<Alert> alerts) {
        long firing = alerts.stream().filter(a -> a.state == AlertState.FIRING).count();
        long resolved = alerts.size() - firing;
        String what;
        if (resolved == 0) {
            what = count(firing, "alert");
        } else if (firing == 0) {
            what = count(resolved, "alert") + " resolved";
        } else {
            what = firing + " firing, " + resolved + " resolved";
        }
        return (firing > 0 ? "🔴" : "✅")
                + " <b>shop-pulse: "
                + what
                + "</b> for "
                + Html.text(
                        windows.label(
                                digest.windowSeconds,
                                digest.windowStartMillis,
                                digest.windowEndMillis));
    }

    private String line(Alert alert) {
        StringBuilder line =
                new StringBuilder(alert.state == AlertState.RESOLVED ? "✅ RESOLVED" : "🔴 FIRING");
        // Empty where the job no longer knows: the end of an incident of a removed rule.
        if (!"".equals(alert.severity)) {
            line.append(" · <b>").append(safe(alert.severity)).append("</b>");
        }
        line.append(" · <code>").append(safe(alert.ruleId)).append("</code> · ");
        if (!"".equals(alert.kpi)) {
            line.append(safe(alert.kpi)).append(", ");
        }
        line.append(scope(alert)).append(": ").append(measurement(alert));
        if (alert.previousValue != null) {
            String previous = KpiFormat.value(alert.kpi, alert.previousValue);
            line.append(", ")
                    .append(
                            KpiFormat.change(alert.previousValue, alert.value)
                                    .map(c -> c + " vs normal (" + previous + ")")
                                    .orElse("normal " + previous));
        }
        return line.append(" · ")
                .append(Html.text(windows.range(alert.windowStartMillis, alert.windowEndMillis)))
                .toString();
    }

    private static String scope(Alert alert) {
        if (alert.scope == null || Dimension.OVERALL.scopeName().equals(alert.scope)) {
            return Dimension.OVERALL.scopeName();
        }
        if (alert.scope.isEmpty()) {
            return safe(alert.scopeValue);
        }
        return safe(alert.scope) + " = " + safe(alert.scopeValue);
    }

    /** The value against the threshold, each in the unit the rule's condition compares in. */
    private static String measurement(Alert alert) {
        String condition = String.valueOf(alert.condition);
        if (AlertLifecycle.RULE_REMOVED.equals(condition)) {
            return "<b>the rule is no longer in the rules file</b>";
        }
        if (AlertLifecycle.SCOPE_CHANGED.equals(condition)) {
            return "<b>the rule's scope is no longer " + safe(alert.scope) + "</b>";
        }
        String value = KpiFormat.value(alert.kpi, alert.value);
        String threshold = KpiFormat.number(alert.threshold);
        switch (condition) {
            case "below":
            case "above":
                threshold = condition + " " + KpiFormat.value(alert.kpi, alert.threshold);
                break;
            case "drop_pct":
                threshold = "drop ≥ " + threshold + "%";
                break;
            case "rise_pct":
                threshold = "rise ≥ " + threshold + "%";
                break;
            case "zscore":
                threshold = "|z| ≥ " + threshold;
                break;
            case "no_data":
                value = "no events for " + KpiFormat.number(alert.value) + " s";
                threshold = threshold + " s";
                break;
            case "job_restarting":
                value =
                        KpiFormat.number(alert.value)
                                + " restarts in "
                                + alert.windowSeconds / 60
                                + " min";
                threshold = "≥ " + threshold + "; see Exceptions in the Flink web UI";
                break;
            default:
                threshold = safe(condition) + " " + threshold;
        }
        return "<b>" + value + "</b> (threshold: " + threshold + ")";
    }

    private static String more(int count) {
        return "\n… and " + count + " more";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static int urgency(String severity) {
        int index = SEVERITIES_BY_URGENCY.indexOf(severity);
        return index < 0 ? SEVERITIES_BY_URGENCY.size() : index;
    }

    /** Escaped, and clipped on a code point so an emoji is never cut in half. */
    private static String safe(String value) {
        if (value == null) {
            return "?";
        }
        if (value.codePointCount(0, value.length()) <= MAX_VALUE_CODE_POINTS) {
            return Html.text(value);
        }
        return Html.text(value.substring(0, value.offsetByCodePoints(0, MAX_VALUE_CODE_POINTS)))
                + "…";
    }
}
