package com.shoppulse.alerts;

import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.options.JobOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the alerting job can be told, parsed once from its program arguments. Each option,
 * with its default:
 *
 * <ul>
 *   <li>{@code --bootstrap-servers localhost:9092}: the Kafka cluster.
 *   <li>{@code --kpi-topic shop-kpis}: the KPI rows the metrics job publishes.
 *   <li>{@code --events-topic shop-events}: the shop's events, watched for the no-data alert.
 *   <li>{@code --alerts-topic shop-alerts}: where alerts are published as JSON.
 *   <li>{@code --group-id shop-pulse-alerts}: the Kafka consumer group.
 *   <li>{@code --starting-offsets latest}: without a checkpoint, {@code latest} (alert on what
 *       happens from now on) or {@code earliest} (judge all history, e.g. in tests).
 *   <li>{@code --rules}: a rules file (YAML; see {@link AlertRules}); default: the rules shipped in
 *       the jar ({@code alert-rules.yaml}).
 *   <li>{@code --no-data-after 2m}: silence (processing time) after which {@code no_data} fires.
 *   <li>{@code --digest-delay 2s}: how long alerts of one window are gathered into one message.
 *   <li>{@code --reporting-currency RUB}: as for the metrics job; decides which events are valid.
 *   <li>{@code --clickhouse-url}, {@code --clickhouse-user}, {@code --clickhouse-database}, {@code
 *       --init-schema true}: as for the metrics job; alerts go to {@code alert_log}.
 *   <li>{@code --telegram-api-url https://api.telegram.org}: the Bot API's address.
 *   <li>{@code --telegram-config-file}: optional properties file with {@code bot_token} and {@code
 *       chat_ids}; otherwise {@code TELEGRAM_BOT_TOKEN} and {@code TELEGRAM_CHAT_IDS} from the
 *       environment. The token is never a program argument: the Flink web UI shows those.
 *   <li>{@code --dashboard-url}: optional; messages link to it.
 *   <li>{@code --time-zone UTC}: the zone windows are shown in.
 *   <li>{@code --flink-rest-url}: optional; the REST API of the Flink cluster the jobs run on (e.g.
 *       {@code http://127.0.0.1:8081}). With it, the job checks every 15 s how often each job
 *       restarted, and raises {@code job_restarting} when one restarted {@code
 *       --restart-alert-threshold} times (default 3) within 10 minutes.
 * </ul>
 */
public final class AlertsJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DEFAULT_RULES = "alert-rules.yaml";

    private static final Set<String> OPTION_NAMES = new HashSet<>();

    static {
        OPTION_NAMES.addAll(
                List.of(
                        "bootstrap-servers",
                        "kpi-topic",
                        "events-topic",
                        "alerts-topic",
                        "group-id",
                        "starting-offsets",
                        "rules",
                        "no-data-after",
                        "digest-delay",
                        "reporting-currency",
                        "init-schema",
                        "telegram-api-url",
                        "telegram-config-file",
                        "dashboard-url",
                        "time-zone",
                        "flink-rest-url",
                        "restart-alert-threshold"));
        OPTION_NAMES.addAll(ClickHouseOptions.OPTION_NAMES);
    }

    public final String bootstrapServers;
    public final String kpiTopic;
    public final String eventsTopic;
    public final String alertsTopic;
    public final String groupId;
    public final String startingOffsets;
    public final List<AlertRule> rules;
    public final Duration noDataAfter;
    public final Duration digestDelay;
    public final String reportingCurrency;
    public final ClickHouseOptions clickHouse;
    public final boolean initSchema;
    public final String telegramApiUrl;
    public final String telegramConfigFile;
    public final String dashboardUrl;
    public final ZoneId timeZone;
    public final String flinkRestUrl;
    public final int restartAlertThreshold;

    private AlertsJobConfig(JobOptions o) throws IOException {
        bootstrapServers = o.string("bootstrap-servers", "localhost:9092");
        kpiTopic = o.string("kpi-topic", "shop-kpis");
        eventsTopic = o.string("events-topic", "shop-events");
        alertsTopic = o.string("alerts-topic", "shop-alerts");
        groupId = o.string("group-id", "shop-pulse-alerts");
        startingOffsets = o.string("starting-offsets", "latest");
        if (!Set.of("earliest", "latest").contains(startingOffsets)) {
            throw new IllegalArgumentException(
                    "option --starting-offsets must be earliest or latest, not '"
                            + startingOffsets
                            + "'");
        }
        rules = loadRules(o.string("rules", DEFAULT_RULES));
        noDataAfter = o.duration("no-data-after", "2m");
        digestDelay = o.duration("digest-delay", "2s");
        reportingCurrency = o.string("reporting-currency", "RUB");
        clickHouse = ClickHouseOptions.fromOptions(o);
        initSchema = o.bool("init-schema", true);
        telegramApiUrl = o.string("telegram-api-url", TelegramSettings.DEFAULT_API_URL);
        telegramConfigFile = o.optional("telegram-config-file");
        dashboardUrl = o.optional("dashboard-url");
        timeZone = o.zone("time-zone", "UTC");
        flinkRestUrl = o.optional("flink-rest-url");
        if (flinkRestUrl != null && !flinkRestUrl.matches("https?://.+")) {
            throw new IllegalArgumentException(
                    "option --flink-rest-url must be the HTTP address of Flink's REST API, like"
                            + " http://127.0.0.1:8081, not '"
                            + flinkRestUrl
                            + "'");
        }
        restartAlertThreshold = o.positiveInt("restart-alert-threshold", 3);
    }

    public static AlertsJobConfig fromArgs(String... args) throws IOException {
        return new AlertsJobConfig(JobOptions.parse(args, OPTION_NAMES));
    }

    /**
     * Where and how alerts go to Telegram: these options, and the secrets from {@code environment}
     * or the settings file.
     */
    public TelegramSettings telegramSettings(Map<String, String> environment) {
        return TelegramSettings.from(
                environment,
                Optional.ofNullable(telegramConfigFile).map(Path::of),
                telegramApiUrl,
                dashboardUrl,
                timeZone);
    }

    private static List<AlertRule> loadRules(String location) throws IOException {
        if (location.equals(DEFAULT_RULES)) {
            try (InputStream in =
                    AlertsJobConfig.class.getClassLoader().getResourceAsStream(DEFAULT_RULES)) {
                return AlertRules.parse(
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), "the default rules");
            }
        }
        Path file = Path.of(location);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    "option --rules: cannot read the rules file '" + location + "'");
        }
        return AlertRules.parse(Files.readString(file), location);
    }
}
