package com.shoppulse.alerts;

import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.ingest.RecordParser;
import com.shoppulse.options.CommonOptions;
import com.shoppulse.options.Option;
import com.shoppulse.options.OptionTable;
import com.shoppulse.options.OptionValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the alerting job can be told, parsed once from its program arguments. {@link #OPTIONS}
 * declares each option with its default and purpose; {@code --help} prints them, and the README's
 * table of them is checked against them. The Telegram token is never a program argument: the Flink
 * web UI shows those.
 */
public final class AlertsJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String SHIPPED_RULES = "alert-rules.yaml";

    static final Option<String> KPI_TOPIC =
            Option.text("kpi-topic")
                    .withDefault("shop-kpis")
                    .withDescription("the metrics job's KPI rows");
    static final Option<String> EVENTS_TOPIC =
            Option.text("events-topic")
                    .withDefault("shop-events")
                    .withDescription("watched for the no-data alert");
    static final Option<String> ALERTS_TOPIC =
            Option.text("alerts-topic")
                    .withDefault("shop-alerts")
                    .withDescription("alerts as JSON");
    static final Option<String> GROUP_ID =
            Option.text("group-id")
                    .withDefault("shop-pulse-alerts")
                    .withDescription("Kafka consumer group");
    static final Option<String> STARTING_OFFSETS =
            Option.oneOf("starting-offsets", "latest", "earliest")
                    .withDefault("latest")
                    .withDescription(
                            "without a checkpoint: `latest` (alert on what happens from now on)"
                                    + " or `earliest` (judge all history, e.g. in tests)");
    static final Option<String> RULES =
            Option.text("rules")
                    .withShownDefault("the shipped rules")
                    .withDescription("rules file (YAML)");
    static final Option<Duration> NO_DATA_AFTER =
            Option.duration("no-data-after")
                    .withDefault("2m")
                    .withDescription("silence (processing time) before `no_data` fires");
    static final Option<Duration> DIGEST_DELAY =
            Option.duration("digest-delay")
                    .withDefault("2s")
                    .withDescription("how long a window's alerts are gathered into one message");
    static final Option<String> TELEGRAM_API_URL = TelegramSettings.API_URL;
    static final Option<String> TELEGRAM_CONFIG_FILE = TelegramSettings.CONFIG_FILE;
    static final Option<String> DASHBOARD_URL =
            Option.text("dashboard-url").withDescription("linked from every message");
    static final Option<ZoneId> TIME_ZONE =
            Option.zone("time-zone").withDefault("UTC").withDescription("windows are shown in it");
    static final Option<String> FLINK_REST_URL =
            Option.text("flink-rest-url")
                    .check(
                            url -> url.matches("https?://.+"),
                            "the HTTP address of Flink's REST API, like http://127.0.0.1:8081")
                    .withDescription(
                            "the Flink cluster's REST API, to watch job restarts every 15 s"
                                    + " (`up.sh` and Docker set it)");
    static final Option<Integer> RESTART_ALERT_THRESHOLD =
            Option.positiveInt("restart-alert-threshold")
                    .withDefault("3")
                    .withDescription(
                            "restarts of one job within 10 minutes that fire `job_restarting`");

    public static final OptionTable OPTIONS =
            OptionTable.of(
                    "the alerting job",
                    List.of(
                            CommonOptions.BOOTSTRAP_SERVERS,
                            KPI_TOPIC,
                            EVENTS_TOPIC,
                            ALERTS_TOPIC,
                            GROUP_ID,
                            STARTING_OFFSETS,
                            RULES,
                            NO_DATA_AFTER,
                            DIGEST_DELAY,
                            RecordParser.REPORTING_CURRENCY),
                    ClickHouseOptions.OPTIONS,
                    List.of(
                            ClickHouseOptions.INIT_SCHEMA,
                            TELEGRAM_API_URL,
                            TELEGRAM_CONFIG_FILE,
                            DASHBOARD_URL,
                            TIME_ZONE,
                            FLINK_REST_URL,
                            RESTART_ALERT_THRESHOLD));

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

    private AlertsJobConfig(OptionValues o) throws IOException {
        bootstrapServers = o.get(CommonOptions.BOOTSTRAP_SERVERS);
        kpiTopic = o.get(KPI_TOPIC);
        eventsTopic = o.get(EVENTS_TOPIC);
        alertsTopic = o.get(ALERTS_TOPIC);
        groupId = o.get(GROUP_ID);
        startingOffsets = o.get(STARTING_OFFSETS);
        rules = loadRules(o.get(RULES));
        noDataAfter = o.get(NO_DATA_AFTER);
        digestDelay = o.get(DIGEST_DELAY);
        reportingCurrency = o.get(RecordParser.REPORTING_CURRENCY);
        clickHouse = ClickHouseOptions.fromOptions(o);
        initSchema = o.get(ClickHouseOptions.INIT_SCHEMA);
        telegramApiUrl = o.get(TELEGRAM_API_URL);
        telegramConfigFile = o.get(TELEGRAM_CONFIG_FILE);
        dashboardUrl = o.get(DASHBOARD_URL);
        timeZone = o.get(TIME_ZONE);
        flinkRestUrl = o.get(FLINK_REST_URL);
        restartAlertThreshold = o.get(RESTART_ALERT_THRESHOLD);
    }

    public static AlertsJobConfig fromArgs(String... args) throws IOException {
        return new AlertsJobConfig(OPTIONS.parse(args));
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

    /** The rules file at {@code location}, or the shipped rules when it is null. */
    private static List<AlertRule> loadRules(String location) throws IOException {
        if (location == null) {
            try (InputStream in =
                    AlertsJobConfig.class.getClassLoader().getResourceAsStream(SHIPPED_RULES)) {
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
