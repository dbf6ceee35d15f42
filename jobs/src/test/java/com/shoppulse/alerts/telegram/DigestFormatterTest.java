package com.shoppulse.alerts.telegram;

import static com.shoppulse.alerts.telegram.TestAlerts.MOSCOW;
import static com.shoppulse.alerts.telegram.TestAlerts.digest;
import static com.shoppulse.alerts.telegram.TestAlerts.firing;
import static com.shoppulse.alerts.telegram.TestAlerts.inCity;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.alerts.Alert;
import com.shoppulse.alerts.AlertDigest;
import com.shoppulse.alerts.AlertLifecycle;
import com.shoppulse.alerts.AlertState;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigestFormatterTest {
    private final DigestFormatter formatter = new DigestFormatter(MOSCOW, Optional.empty());

    @Test
    void writesAHeaderAndOneLinePerAlert() {
        Alert revenue = inCity(firing("revenue-low", "revenue", 1234.5, 2000), "Москва");
        revenue.severity = "critical";
        revenue.previousValue = 2000.0;

        String text =
                formatter.format(
                        digest(
                                revenue,
                                firing("conversion-low", "conversion_rate", 0.0123, 0.02),
                                firing("orders-low", "orders", 57, 100)));

        assertThat(text.split("\n"))
                .containsExactly(
                        "🔴 <b>shop-pulse: 3 alerts</b> for the day 2026-11-23 (Europe/Moscow)",
                        "",
                        "🔴 FIRING · <b>critical</b> · <code>revenue-low</code> · revenue, city ="
                                + " Москва: <b>1,234.50</b> (threshold: below 2,000.00), -38.3%"
                                + " vs normal (2,000.00) · 2026-11-23 00:00 – 2026-11-24"
                                + " 00:00",
                        "🔴 FIRING · <b>warning</b> · <code>conversion-low</code> ·"
                                + " conversion_rate, overall: <b>1.23%</b> (threshold: below"
                                + " 2.00%) · 2026-11-23 00:00 – 2026-11-24 00:00",
                        "🔴 FIRING · <b>warning</b> · <code>orders-low</code> · orders, overall:"
                                + " <b>57</b> (threshold: below 100) · 2026-11-23 00:00 –"
                                + " 2026-11-24 00:00");
    }

    @Test
    void showsEachThresholdInTheUnitItsConditionUses() {
        Alert drop = firing("views-drop", "views", 800, 30);
        drop.condition = "drop_pct";
        drop.previousValue = 0.0;
        Alert rise = firing("aov-rise", "avg_order_value", 5000, 50);
        rise.condition = "rise_pct";
        Alert z = firing("arpu-odd", "arpu", 99, 3);
        z.condition = "zscore";
        Alert silence = firing("no_data", "events", 125, 120);
        silence.condition = "no_data";
        Alert restarting = firing("job_restarting", "restarts", 4, 3);
        restarting.condition = "job_restarting";
        restarting.windowSeconds = 600;

        String text = formatter.format(digest(drop, rise, z, silence, restarting));

        assertThat(text)
                .contains("<b>800</b> (threshold: drop ≥ 30%), normal 0 ·")
                .contains("<b>5,000.00</b> (threshold: rise ≥ 50%)")
                .contains("<b>99.00</b> (threshold: |z| ≥ 3)")
                .contains("<b>no events for 125 s</b> (threshold: 120 s)")
                .contains(
                        "<b>4 restarts in 10 min</b> (threshold: ≥ 3; see Exceptions in the Flink"
                                + " web UI)");
    }

    @Test
    void preparingFormatsAMadeUpDigestAndChangesNoLaterOne() {
        AlertDigest digest = digest(firing("revenue-low", "revenue", 1234.5, 2000));
        String before = formatter.format(digest);

        formatter.prepare();

        assertThat(formatter.format(digest)).isEqualTo(before);
    }

    @Test
    void saysWhenAlertsResolved() {
        Alert back = firing("orders-low", "orders", 120, 100);
        back.state = AlertState.RESOLVED;

        assertThat(formatter.format(digest(back)))
                .startsWith("✅ <b>shop-pulse: 1 alert resolved</b> for the day 2026-11-23")
                .contains("✅ RESOLVED · <b>warning</b> · <code>orders-low</code>");
    }

    @Test
    void saysWhenAnIncidentEndedBecauseItsRuleWasRemoved() {
        Alert removed = inCity(firing("city-revenue-collapse", "revenue", 0, 80), "Пермь");
        removed.state = AlertState.RESOLVED;
        removed.condition = AlertLifecycle.RULE_REMOVED;
        removed.severity = "critical";
        Alert fromOldState = inCity(firing("city-revenue-collapse", "", 0, 0), "Омск");
        fromOldState.state = AlertState.RESOLVED;
        fromOldState.condition = AlertLifecycle.RULE_REMOVED;
        fromOldState.scope = "";
        fromOldState.severity = "";
        fromOldState.windowSeconds = 0;
        fromOldState.windowEndMillis = fromOldState.windowStartMillis;

        assertThat(formatter.format(digest(removed, fromOldState)).split("\n"))
                .contains(
                        "✅ RESOLVED · <b>critical</b> · <code>city-revenue-collapse</code> ·"
                                + " revenue, city = Пермь: <b>the rule is no longer in the rules"
                                + " file</b> · 2026-11-23 00:00 – 2026-11-24 00:00",
                        "✅ RESOLVED · <code>city-revenue-collapse</code> · Омск: <b>the rule is no"
                                + " longer in the rules file</b> · 2026-11-23 00:00");
    }

    @Test
    void saysWhenAnIncidentEndedBecauseItsRuleNowLooksAtAnotherDimension() {
        Alert rescoped = inCity(firing("city-revenue-collapse", "revenue", 0, 80), "Пермь");
        rescoped.state = AlertState.RESOLVED;
        rescoped.condition = AlertLifecycle.SCOPE_CHANGED;

        assertThat(formatter.format(digest(rescoped)).split("\n"))
                .contains(
                        "✅ RESOLVED · <b>warning</b> · <code>city-revenue-collapse</code> ·"
                                + " revenue, city = Пермь: <b>the rule's scope is no longer"
                                + " city</b> · 2026-11-23 00:00 – 2026-11-24 00:00");
    }

    @Test
    void putsFiringAndCriticalFirst() {
        Alert resolved = firing("resolved", "orders", 1, 0);
        resolved.state = AlertState.RESOLVED;
        resolved.severity = "critical";
        Alert info = firing("info", "orders", 1, 0);
        info.severity = "info";
        Alert critical = firing("critical", "orders", 1, 0);
        critical.severity = "critical";

        String text = formatter.format(digest(resolved, info, critical));

        assertThat(text).startsWith("🔴 <b>shop-pulse: 2 firing, 1 resolved</b>");
        assertThat(text.indexOf("<code>critical</code>"))
                .isLessThan(text.indexOf("<code>info</code>"));
        assertThat(text.indexOf("<code>info</code>"))
                .isLessThan(text.indexOf("<code>resolved</code>"));
    }

    @Test
    void escapesEveryValueFromOutside() {
        Alert hostile = inCity(firing("<script>alert(1)</script>", "revenue", 1, 2), "Омск <&>");
        hostile.severity = "&amp;";
        hostile.condition = "<i>odd</i>";
        Alert shopping = inCity(firing("cart 🛒", "orders", 1, 2), "Санкт-Петербург");

        String text = formatter.format(digest(hostile, shopping));

        assertThat(text)
                .contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>")
                .contains("city = Омск &lt;&amp;&gt;")
                .contains("<b>&amp;amp;</b>")
                .contains("(threshold: &lt;i&gt;odd&lt;/i&gt; 2)")
                .contains("<code>cart 🛒</code> · orders, city = Санкт-Петербург")
                .doesNotContain("<script>");
        assertTelegramReadsItAsHtml(text);
    }

    @Test
    void linksToTheDashboardWithTheUrlEscaped() {
        DigestFormatter linked =
                new DigestFormatter(
                        MOSCOW, Optional.of("https://dash.example/d/shop?tz=msk&q=\"<x>\""));

        String text = linked.format(digest(firing("orders-low", "orders", 57, 100)));

        assertThat(text)
                .endsWith(
                        "\n\n<a href=\"https://dash.example/d/shop?tz=msk&amp;q=&quot;&lt;x&gt;"
                                + "&quot;\">Dashboard</a>");
        assertTelegramReadsItAsHtml(text);
        assertThat(formatter.format(digest(firing("orders-low", "orders", 57, 100))))
                .doesNotContain("<a ");
    }

    @Test
    void cutsALongDigestToTelegramsLimitMostUrgentFirst() {
        DigestFormatter linked = new DigestFormatter(MOSCOW, Optional.of("https://dash.example"));
        Alert[] alerts =
                IntStream.range(0, 200)
                        .mapToObj(i -> inCity(firing("rule-" + i, "orders", i, 1000), "Город " + i))
                        .toArray(Alert[]::new);
        alerts[150].severity = "critical";

        String text = linked.format(digest(alerts));

        assertThat(text.length()).isLessThanOrEqualTo(DigestFormatter.MAX_LENGTH);
        long shown = text.lines().filter(l -> l.startsWith("🔴 FIRING")).count();
        assertThat(shown).isBetween(10L, 199L);
        assertThat(text).contains("\n… and " + (200 - shown) + " more\n\n<a href=");
        assertThat(text.lines().filter(l -> l.startsWith("🔴 FIRING")).findFirst())
                .hasValueSatisfying(first -> assertThat(first).contains("<code>rule-150</code>"));
        assertTelegramReadsItAsHtml(text);
    }

    @Test
    void clipsAHugeValueWithoutSplittingAnEmoji() {
        String city = "a".repeat(119) + "🛒".repeat(5000);

        String text = formatter.format(digest(inCity(firing("r", "orders", 1, 2), city)));

        assertThat(text).contains("city = " + "a".repeat(119) + "🛒…:");
        assertThat(text.length()).isLessThan(1000);
        assertThat(text.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE))
                .isTrue();
    }

    /**
     * Telegram accepts only its tags and the entities lt, gt, amp and quot: with the tags this
     * formatter writes removed, no markup may remain.
     */
    private static void assertTelegramReadsItAsHtml(String text) {
        String bare =
                text.replaceAll("</?(b|code)>", "")
                        .replaceAll("<a href=\"[^\"<>]*\">", "")
                        .replace("</a>", "");
        assertThat(bare).doesNotContain("<", ">");
        assertThat(Arrays.stream(bare.split("&", -1)).skip(1))
                .allSatisfy(after -> assertThat(after).matches("(?s)(lt|gt|amp|quot);.*"));
    }
}
