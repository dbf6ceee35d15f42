package com.shoppulse.alerts.telegram;

import static com.shoppulse.alerts.telegram.TestAlerts.MOSCOW;
import static com.shoppulse.alerts.telegram.TestAlerts.SECRET;
import static com.shoppulse.alerts.telegram.TestAlerts.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelegramSettingsTest {
    private static final String API = TelegramSettings.DEFAULT_API_URL;

    @TempDir Path dir;

    @Test
    void readsTheTokenAndChatsFromTheEnvironment() {
        TelegramSettings settings =
                fromEnv(
                        Map.of(
                                "TELEGRAM_BOT_TOKEN",
                                " " + TOKEN + "\n",
                                "TELEGRAM_CHAT_IDS",
                                "-1001234567890, 42,@shop_alerts,,42"));

        assertThat(settings.isEnabled()).isTrue();
        assertThat(settings.botToken()).isEqualTo(TOKEN);
        assertThat(settings.chatIds()).containsExactly("-1001234567890", "42", "@shop_alerts");
        assertThat(settings.apiUrl()).isEqualTo(URI.create(API));
        assertThat(settings.zone()).isEqualTo(MOSCOW);
        assertThat(settings.dashboardUrl()).isEmpty();
        assertThat(settings.retry()).hasToString(RetryPolicy.defaults().toString());
    }

    @Test
    void readsThemFromAPropertiesFile() throws IOException {
        Path file = file("bot_token = " + TOKEN + "\nchat_ids = 42, -7\n");

        TelegramSettings settings =
                TelegramSettings.from(
                        Map.of(), Optional.of(file), API, "https://dash.example/d/shop", MOSCOW);

        assertThat(settings.botToken()).isEqualTo(TOKEN);
        assertThat(settings.chatIds()).containsExactly("42", "-7");
        assertThat(settings.dashboardUrl()).contains("https://dash.example/d/shop");
    }

    @Test
    void anEnvironmentVariableWinsOverTheFile() throws IOException {
        Path file = file("bot_token = 1:" + "x".repeat(30) + "\nchat_ids = 42\n");

        TelegramSettings settings =
                TelegramSettings.from(
                        Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_CHAT_IDS", " "),
                        Optional.of(file),
                        API,
                        null,
                        MOSCOW);

        assertThat(settings.botToken()).isEqualTo(TOKEN);
        assertThat(settings.chatIds()).containsExactly("42");
    }

    @Test
    void withoutATokenTelegramIsOff() {
        TelegramSettings settings = fromEnv(Map.of("TELEGRAM_CHAT_IDS", "42"));

        assertThat(settings.isEnabled()).isFalse();
        assertThat(settings.toString()).contains("token=none");
    }

    @Test
    void toStringMasksTheToken() {
        String text =
                fromEnv(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_CHAT_IDS", "42")).toString();

        assertThat(text).contains("token=123456789:****", "chats=[42]").doesNotContain(SECRET);
    }

    @Test
    void aMalformedTokenFailsNamingTheVariableButNotTheValue() {
        String bad = "123456789:tooShort";
        assertThatThrownBy(
                        () -> fromEnv(Map.of("TELEGRAM_BOT_TOKEN", bad, "TELEGRAM_CHAT_IDS", "1")))
                .hasMessageStartingWith(
                        "TELEGRAM_BOT_TOKEN does not look like a Telegram bot token")
                .message()
                .doesNotContain(bad);
    }

    @Test
    void aMalformedTokenInTheFileNamesTheKeyAndTheFile() throws IOException {
        Path file = file("bot_token=" + SECRET + "\nchat_ids=1\n");

        assertThatThrownBy(
                        () -> TelegramSettings.from(Map.of(), Optional.of(file), API, null, MOSCOW))
                .hasMessageStartingWith("bot_token in " + file + " does not look like")
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void aChatIdMustBeANumberOrAChannelName() {
        assertThatThrownBy(
                        () ->
                                fromEnv(
                                        Map.of(
                                                "TELEGRAM_BOT_TOKEN",
                                                TOKEN,
                                                "TELEGRAM_CHAT_IDS",
                                                "42,general")))
                .hasMessageStartingWith("TELEGRAM_CHAT_IDS: 'general' is not a chat id")
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void aTokenWithoutAChatIsAMistake() {
        assertThatThrownBy(() -> fromEnv(Map.of("TELEGRAM_BOT_TOKEN", TOKEN)))
                .hasMessageContaining("no chat: set TELEGRAM_CHAT_IDS or chat_ids")
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void anUnreadableFileFailsNamingIt() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(
                        () ->
                                TelegramSettings.from(
                                        Map.of(), Optional.of(missing), API, null, MOSCOW))
                .hasMessageStartingWith("cannot read the Telegram settings file " + missing);
    }

    @Test
    void theApiUrlIsOnlySchemeHostAndPort() {
        assertThat(
                        TelegramSettings.from(
                                        Map.of(),
                                        Optional.empty(),
                                        "http://127.0.0.1:8081",
                                        null,
                                        MOSCOW)
                                .apiUrl())
                .isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThatThrownBy(
                        () ->
                                TelegramSettings.from(
                                        Map.of(),
                                        Optional.empty(),
                                        "https://api.telegram.org/bot1/",
                                        null,
                                        MOSCOW))
                .hasMessageContaining("must be scheme://host[:port] only");
        assertThatThrownBy(
                        () ->
                                TelegramSettings.from(
                                        Map.of(),
                                        Optional.empty(),
                                        "api.telegram.org",
                                        null,
                                        MOSCOW))
                .hasMessageContaining("is not an http:// or https:// URL");
    }

    @Test
    void theDashboardUrlMustBeAUrl() {
        assertThatThrownBy(
                        () ->
                                TelegramSettings.from(
                                        Map.of(), Optional.empty(), API, "grafana", MOSCOW))
                .hasMessage(
                        "dashboard URL 'grafana' is not an http:// or https:// URL with a host");
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        TelegramSettings settings =
                fromEnv(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_CHAT_IDS", "42,@shop_alerts"))
                        .withRetry(TestAlerts.FAST_RETRY);

        TelegramSettings copy = InstantiationUtil.clone(settings);

        assertThat(copy.botToken()).isEqualTo(TOKEN);
        assertThat(copy).hasToString(settings.toString());
    }

    private static TelegramSettings fromEnv(Map<String, String> env) {
        return TelegramSettings.from(env, Optional.empty(), API, null, MOSCOW);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(
                dir.resolve("telegram.properties"), content, StandardCharsets.UTF_8);
    }
}
