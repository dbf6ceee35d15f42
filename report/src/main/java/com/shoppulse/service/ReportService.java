package com.shoppulse.service;

import com.shoppulse.alerts.telegram.TelegramSender;
import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.bot.BotCommands;
import com.shoppulse.bot.ShopBot;
import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.options.JobOptions;
import com.shoppulse.report.ClickHouseReader;
import com.shoppulse.report.ReportArchive;
import com.shoppulse.report.ReportWeek;
import com.shoppulse.report.WeeklyReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The report service: builds each week's PDF report when the week closes, archives it and sends it
 * to the allowed chats; with a bot token it is also the Telegram bot ({@link ShopBot}) that answers
 * commands by long polling. Its command line also builds one week's report.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code --clickhouse-url}, {@code --clickhouse-user}, {@code --clickhouse-database}: as the
 *       jobs take them; the password from {@code CLICKHOUSE_PASSWORD}.
 *   <li>{@code --time-zone UTC}: the zone whose Mondays start the weeks; the metrics job's {@code
 *       --time-zone}, so that its daily windows are the report's days.
 *   <li>{@code --archive-dir reports}: the folder (or volume) the PDFs are kept in.
 *   <li>{@code --poll-interval 10s}: how often to look for a newly closed week.
 *   <li>{@code --telegram-api-url https://api.telegram.org}, {@code --telegram-config-file}: as the
 *       alerting job takes them; the token and chats from {@code TELEGRAM_BOT_TOKEN} and {@code
 *       TELEGRAM_CHAT_IDS}. Without a token the reports are only archived.
 *   <li>{@code --week 2026-11-25}: build the report of the week holding that day once, archive it
 *       (replacing an earlier one) and exit, sending nothing; with {@code --out report.pdf}, write
 *       it to that file instead of the archive.
 * </ul>
 */
public final class ReportService {
    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    private static final Set<String> OPTIONS =
            Set.of(
                    "time-zone",
                    "archive-dir",
                    "poll-interval",
                    "telegram-api-url",
                    "telegram-config-file",
                    "week",
                    "out");

    private ReportService() {}

    public static void main(String[] args) throws Exception {
        Set<String> known = new HashSet<>(OPTIONS);
        known.addAll(ClickHouseOptions.OPTION_NAMES);
        JobOptions options = JobOptions.parse(args, known);
        ZoneId zone = options.zone("time-zone", "UTC");
        ClickHouseReader clickHouse = new ClickHouseReader(ClickHouseOptions.fromOptions(options));
        Path archiveDir = Path.of(options.string("archive-dir", "reports"));
        ReportArchive archive = new ReportArchive(archiveDir, clickHouse);
        String week = options.optional("week");
        String out = options.optional("out");
        if (out != null && week == null) {
            throw new IllegalArgumentException("--out needs --week: the week to write");
        }
        Duration pollInterval = options.duration("poll-interval", "10s");
        TelegramSettings telegram =
                TelegramSettings.from(
                        System.getenv(),
                        Optional.ofNullable(options.optional("telegram-config-file")).map(Path::of),
                        options.string("telegram-api-url", TelegramSettings.DEFAULT_API_URL),
                        null,
                        zone);

        if (week != null) {
            WeeklyReports reports =
                    new WeeklyReports(
                            clickHouse, archive, zone, Optional.empty(), Clock.systemUTC());
            ReportWeek wanted = ReportWeek.parse(week, zone);
            Path written;
            if (out != null) {
                written =
                        Files.write(
                                Path.of(out), reports.render(wanted, Clock.systemUTC().instant()));
            } else {
                written = reports.build(wanted, false);
            }
            System.out.println(written);
            return;
        }
        try (TelegramSender sender = telegram.isEnabled() ? new TelegramSender(telegram) : null;
                TelegramBotsLongPollingApplication bots =
                        new TelegramBotsLongPollingApplication()) {
            WeeklyReports reports =
                    new WeeklyReports(
                            clickHouse,
                            archive,
                            zone,
                            Optional.ofNullable(sender),
                            Clock.systemUTC());
            if (telegram.isEnabled()) {
                TelegramUrl url = TelegramSender.telegramUrl(telegram.apiUrl());
                BotCommands commands =
                        new BotCommands(
                                clickHouse,
                                archive,
                                reports,
                                zone,
                                Files.createTempDirectory("shop-pulse-reports"),
                                Clock.systemUTC());
                bots.registerBot(
                        telegram.botToken(),
                        () -> url,
                        new DefaultGetUpdatesGenerator(),
                        new ShopBot(
                                new OkHttpTelegramClient(telegram.botToken(), url),
                                commands,
                                telegram.chatIds()));
            }
            LOG.info(
                    "weekly reports into {}, weeks starting Monday in {}; Telegram {}",
                    archiveDir.toAbsolutePath(),
                    zone,
                    telegram.isEnabled()
                            ? "bot answering and reports going to " + telegram.chatIds()
                            : "off (no TELEGRAM_BOT_TOKEN)");
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    reports.buildClosedWeeks();
                } catch (RuntimeException e) {
                    // ClickHouse away or a file not writable: try again at the next poll.
                    LOG.warn("could not build the weekly reports now: {}", e.getMessage());
                }
                Thread.sleep(pollInterval.toMillis());
            }
        }
    }
}
