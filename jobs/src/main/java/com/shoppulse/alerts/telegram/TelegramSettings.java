package com.shoppulse.alerts.telegram;

import com.shoppulse.options.Option;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where alert messages go. The bot token and the chat ids come from the environment or from a
 * properties file, never from program arguments: Flink's web UI shows those to anyone who can open
 * it. An environment variable wins over the file's key, so one secret can be overridden per
 * deployment without editing the file.
 *
 * <p>Without a token Telegram is off and alerts go only to the log and to alert_log.
 */
public final class TelegramSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN";
    public static final String CHATS_VARIABLE = "TELEGRAM_CHAT_IDS";
    public static final String TOKEN_KEY = "bot_token";
    public static final String CHATS_KEY = "chat_ids";
    public static final String DEFAULT_API_URL = "https://api.telegram.org";

    /** The Bot API's address, for every program that talks to Telegram. */
    public static final Option<String> API_URL =
            Option.text("telegram-api-url")
                    .withDefault(DEFAULT_API_URL)
                    .withDescription("the Bot API");

    /** Where the secrets can be kept instead of the environment. */
    public static final Option<String> CONFIG_FILE =
            Option.text("telegram-config-file")
                    .withDescription(
                            "properties file with `"
                                    + TOKEN_KEY
                                    + "` and `"
                                    + CHATS_KEY
                                    + "`; otherwise `"
                                    + TOKEN_VARIABLE
                                    + "` and `"
                                    + CHATS_VARIABLE
                                    + "` from the environment");

    /** The bot's numeric id, a colon, then the secret part. */
    private static final Pattern TOKEN = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{30,}");

    /** A user or group id (groups are negative), or a public channel's {@code @username}. */
    private static final Pattern CHAT = Pattern.compile("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");

    private final String botToken;
    private final List<String> chatIds;
    private final URI apiUrl;
    private final String dashboardUrl;
    private final ZoneId zone;
    private final RetryPolicy retry;

    private TelegramSettings(
            String botToken,
            List<String> chatIds,
            URI apiUrl,
            String dashboardUrl,
            ZoneId zone,
            RetryPolicy retry) {
        this.botToken = botToken;
        this.chatIds = chatIds;
        this.apiUrl = apiUrl;
        this.dashboardUrl = dashboardUrl;
        this.zone = zone;
        this.retry = retry;
    }

    /**
     * Reads the token from {@value #TOKEN_VARIABLE} or the file's {@value #TOKEN_KEY}, the chats
     * from {@value #CHATS_VARIABLE} or the file's {@value #CHATS_KEY} (comma-separated). A blank
     * variable counts as unset.
     *
     * @param env the process environment, e.g. {@code System.getenv()}
     * @param file a properties file (UTF-8), when one is configured
     * @param apiUrl the Bot API's base, {@code scheme://host[:port]}; {@value #DEFAULT_API_URL}
     * @param dashboardUrl where messages link to; null or blank for no link
     * @param zone the zone windows are shown in
     */
    public static TelegramSettings from(
            Map<String, String> env,
            Optional<Path> file,
            String apiUrl,
            String dashboardUrl,
            ZoneId zone) {
        Properties properties = file.map(TelegramSettings::load).orElseGet(Properties::new);
        String fileName = file.map(Path::toString).orElse("");
        Optional<Source> token = Source.of(TOKEN_VARIABLE, env, TOKEN_KEY, properties, fileName);
        Optional<Source> chats = Source.of(CHATS_VARIABLE, env, CHATS_KEY, properties, fileName);
        token.ifPresent(TelegramSettings::checkToken);
        List<String> chatIds = chats.map(TelegramSettings::chatIds).orElse(List.of());
        if (token.isPresent() && chatIds.isEmpty()) {
            throw new IllegalArgumentException(
                    "a Telegram bot token is set ("
                            + token.get().name
                            + ") but no chat: set "
                            + CHATS_VARIABLE
                            + " or "
                            + CHATS_KEY
                            + " to a comma-separated list of chat ids or @channel names");
        }
        return new TelegramSettings(
                token.map(t -> t.value).orElse(null),
                chatIds,
                apiUrl(Objects.requireNonNull(apiUrl, "Telegram API URL")),
                dashboardUrl(dashboardUrl),
                Objects.requireNonNull(zone, "time zone"),
                RetryPolicy.defaults());
    }

    public TelegramSettings withRetry(RetryPolicy retry) {
        return new TelegramSettings(
                botToken, chatIds, apiUrl, dashboardUrl, zone, Objects.requireNonNull(retry));
    }

    public boolean isEnabled() {
        return botToken != null;
    }

    /** The secret: for a Telegram client only, never for a log or a message. */
    public String botToken() {
        return botToken;
    }

    public List<String> chatIds() {
        return chatIds;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public Optional<String> dashboardUrl() {
        return Optional.ofNullable(dashboardUrl);
    }

    public ZoneId zone() {
        return zone;
    }

    public RetryPolicy retry() {
        return retry;
    }

    @Override
    public String toString() {
        return "TelegramSettings{token="
                + maskedToken()
                + ", chats="
                + chatIds
                + ", api="
                + apiUrl
                + ", dashboard="
                + dashboardUrl
                + ", zone="
                + zone
                + ", retry="
                + retry
                + "}";
    }

    /** The bot id stays visible: it is public and tells which bot is configured. */
    private String maskedToken() {
        if (botToken == null) {
            return "none";
        }
        return botToken.substring(0, botToken.indexOf(':')) + ":****";
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the Telegram settings file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    private static void checkToken(Source token) {
        if (!TOKEN.matcher(token.value).matches()) {
            throw new IllegalArgumentException(
                    token.name
                            + " does not look like a Telegram bot token (digits, a colon, then at"
                            + " least 30 letters, digits, _ or -); the value is not shown");
        }
    }

    private static List<String> chatIds(Source chats) {
        Set<String> ids = new LinkedHashSet<>();
        for (String part : chats.value.split(",")) {
            String id = part.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!CHAT.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        chats.name
                                + ": '"
                                + id
                                + "' is not a chat id; use a number like 123456789 or"
                                + " -1001234567890, or a channel name like @shop_alerts");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    private static URI apiUrl(String text) {
        URI uri = parse("Telegram API URL", text);
        boolean bare =
                (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
                        && uri.getQuery() == null
                        && uri.getFragment() == null
                        && uri.getUserInfo() == null;
        if (!bare) {
            throw new IllegalArgumentException(
                    "Telegram API URL '"
                            + text
                            + "' must be scheme://host[:port] only: the client adds"
                            + " /bot<token>/<method> itself");
        }
        return uri;
    }

    private static String dashboardUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return parse("dashboard URL", text).toString();
    }

    private static URI parse(String what, String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with what the URL is for
        }
        throw new IllegalArgumentException(
                what + " '" + text + "' is not an http:// or https:// URL with a host");
    }

    /** A setting's value and where it came from, so an error names the place to fix. */
    private static final class Source {
        final String name;
        final String value;

        private Source(String name, String value) {
            this.name = name;
            this.value = value;
        }

        static Optional<Source> of(
                String variable,
                Map<String, String> env,
                String key,
                Properties file,
                String fileName) {
            String fromEnv = env.get(variable);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(new Source(variable, fromEnv.strip()));
            }
            String fromFile = file.getProperty(key);
            if (fromFile != null && !fromFile.isBlank()) {
                return Optional.of(new Source(key + " in " + fileName, fromFile.strip()));
            }
            return Optional.empty();
        }
    }
}
