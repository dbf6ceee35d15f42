package com.shoppulse.service;

import com.shoppulse.alerts.telegram.TelegramSender;
import com.shoppulse.alerts.telegram.TelegramSettings;
import com.shoppulse.bot.BotCommands;
import com.shoppulse.bot.ShopBot;
import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.options.Option;
import com.shoppulse.options.OptionTable;
import com.shoppulse.options.OptionValues;
import com.shoppulse.report.ClickHouseReader;
import com.shoppulse.report.ReportArchive;
import com.shoppulse.report.ReportWeek;
import com.shoppulse.report.WeeklyReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
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
 * <p>{@link #OPTIONS} declares its options; {@code --help} prints them. Without a token the reports
 * are only archived.
 */
public final class ReportService {
    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    private static final Option<ZoneId> TIME_ZONE =
            Option.zone("time-zone")
                    .withDefault("UTC")
                    .withDescription(
                            "weeks start on Monday 00:00 here; the metrics job's `--time-zone`,"
                                    + " so that its daily windows are the report's days");
    private static final Option<String> ARCHIVE_DIR =
            Option.text("archive-dir")
                    .withDefault("reports")
                    .withDescription("the folder (or volume) the PDFs are kept in");
    private static final Option<Duration> POLL_INTERVAL =
            Option.duration("poll-interval")
                    .withDefault("10s")
                    .withDescription("how often it looks for a week that has closed");
    private static final Option<String> WEEK =
            Option.text("week")
                    .withDescription(
                            "build the report of the week holding this day (`yyyy-MM-dd`) once,"
                                    + " archive it (replacing an earlier one) and exit, sending"
                                    + " nothing");
    private static final Option<String> OUT =
            Option.text("out")
                    .withDescription(
                            "with `--week`: write the report to this file instead of the archive");

    public static final OptionTable OPTIONS =
            OptionTable.of(
                    "the report service",
                    ClickHouseOptions.OPTIONS,
                    List.of(
                            TIME_ZONE,
                            ARCHIVE_DIR,
                            POLL_INTERVAL,
                            TelegramSettings.API_URL,
                            TelegramSettings.CONFIG_FILE,
                            WEEK,
                            OUT));

    private ReportService() {}

    public static void main(String[] args) throws Exception {
        if (OPTIONS.printHelpIfAsked(args)) {
            return;
        }
        OptionValues options = OPTIONS.parse(args);
        ZoneId zone = options.get(TIME_ZONE);
        ClickHouseReader clickHouse = new ClickHouseReader(ClickHouseOptions.fromOptions(options));
        Path archiveDir = Path.of(options.get(ARCHIVE_DIR));
        ReportArchive archive = new ReportArchive(archiveDir, clickHouse);
        String week = options.get(WEEK);
        String out = options.get(OUT);
        if (out != null && week == null) {
            throw new IllegalArgumentException("--out needs --week: the week to write");
        }
        Duration pollInterval = options.get(POLL_INTERVAL);
        TelegramSettings telegram =
                TelegramSettings.from(
                        System.getenv(),
                        Optional.ofNullable(options.get(TelegramSettings.CONFIG_FILE))
                                .map(Path::of),
                        options.get(TelegramSettings.API_URL),
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
        TelegramSender.checkAtStart(telegram);
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
