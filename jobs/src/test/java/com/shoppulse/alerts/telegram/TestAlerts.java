package com.shoppulse.alerts.telegram;

import com.shoppulse.alerts.Alert;
import com.shoppulse.alerts.AlertDigest;
import com.shoppulse.alerts.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** Alerts, digests and settings for the Telegram tests: a day window of Moscow time. */
final class TestAlerts {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    /** Shaped like a real token; the part after the colon must never show up anywhere. */
    static final String TOKEN = "123456789:AAH-secret_part_of_the_token_0123456789";

    static final String SECRET = TOKEN.substring(TOKEN.indexOf(':') + 1);

    /** Quick enough that a test never waits long, even when it does sleep for real. */
    static final RetryPolicy FAST_RETRY =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(500));

    /** 2026-11-23 00:00 in Moscow. */
    static final long DAY_START = at("2026-11-22T21:00:00Z");

    static final long DAY_END = at("2026-11-23T21:00:00Z");

    private TestAlerts() {}

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** A warning that {@code kpi} overall fell below {@code threshold} on 2026-11-23. */
    static Alert firing(String ruleId, String kpi, double value, double threshold) {
        Alert a = new Alert();
        a.alertId = ruleId + "|all|" + DAY_START;
        a.ruleId = ruleId;
        a.kpi = kpi;
        a.scope = "overall";
        a.scopeValue = "all";
        a.condition = "below";
        a.state = AlertState.FIRING;
        a.severity = "warning";
        a.windowSeconds = 86_400;
        a.windowStartMillis = DAY_START;
        a.windowEndMillis = DAY_END;
        a.value = value;
        a.threshold = threshold;
        a.createdAtMillis = DAY_END;
        return a;
    }

    static Alert inCity(Alert alert, String city) {
        alert.scope = "city";
        alert.scopeValue = city;
        return alert;
    }

    static AlertDigest digest(Alert... alerts) {
        AlertDigest digest = new AlertDigest();
        digest.windowSeconds = alerts[0].windowSeconds;
        digest.windowStartMillis = alerts[0].windowStartMillis;
        digest.windowEndMillis = alerts[0].windowEndMillis;
        digest.alerts = alerts;
        return digest;
    }

    static TelegramSettings settings(String apiUrl, String chatIds) {
        return TelegramSettings.from(
                        Map.of(
                                TelegramSettings.TOKEN_VARIABLE,
                                TOKEN,
                                TelegramSettings.CHATS_VARIABLE,
                                chatIds),
                        Optional.empty(),
                        apiUrl,
                        null,
                        MOSCOW)
                .withRetry(FAST_RETRY);
    }

    static TelegramSettings telegramOff() {
        return TelegramSettings.from(
                Map.of(), Optional.empty(), TelegramSettings.DEFAULT_API_URL, null, MOSCOW);
    }
}
