package com.shoppulse.bot;

import static com.shoppulse.alerts.telegram.FakeTelegramServer.buttonPress;
import static com.shoppulse.alerts.telegram.FakeTelegramServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.alerts.telegram.FakeTelegramServer;
import com.shoppulse.alerts.telegram.TelegramSender;
import com.shoppulse.report.Fortnight;
import com.shoppulse.report.ReportArchive;
import com.shoppulse.report.WeeklyReports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The bot on the fake Bot API: commands arrive through getUpdates (long polling, as from Telegram),
 * answers go back through sendMessage and sendDocument. An allowed chat gets answers whose numbers
 * are the fortnight's ground truth; any other chat gets nothing.
 */
class BotIT {
    private static final String TOKEN = "123456789:AAHfakeTokenForBotTests_0123456789abcd";
    private static final long ALLOWED = 1001;
    private static final long STRANGER = 666;
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir static Path dir;
    private static FakeTelegramServer telegram;
    private static TelegramBotsLongPollingApplication bots;

    @BeforeAll
    static void startTheBot() throws Exception {
        Fortnight.write();
        telegram = FakeTelegramServer.start();
        ReportArchive archive = new ReportArchive(dir.resolve("archive"), Fortnight.clickHouse);
        WeeklyReports reports =
                new WeeklyReports(
                        Fortnight.clickHouse,
                        archive,
                        ZoneOffset.UTC,
                        Optional.empty(),
                        Clock.systemUTC());
        Fortnight.clickHouse.execute("TRUNCATE TABLE report_log");
        reports.buildClosedWeeks();
        TelegramUrl url = TelegramSender.telegramUrl(java.net.URI.create(telegram.url()));
        bots = new TelegramBotsLongPollingApplication();
        bots.registerBot(
                TOKEN,
                () -> url,
                new DefaultGetUpdatesGenerator(),
                new ShopBot(
                        new OkHttpTelegramClient(TOKEN, url),
                        new BotCommands(
                                Fortnight.clickHouse,
                                archive,
                                reports,
                                ZoneOffset.UTC,
                                dir.resolve("scratch"),
                                Clock.systemUTC()),
                        List.of(String.valueOf(ALLOWED))));
    }

    @AfterAll
    static void stop() throws Exception {
        bots.close();
        telegram.close();
    }

    @Test
    void alertsListsTheNewestAlertsAndStrangersGetNothing() throws Exception {
        telegram.sendUpdate(message(STRANGER, "/alerts 2"));
        String answer = ask("/alerts 2");

        assertThat(answer)
                .contains("<b>The last 2 alerts</b>")
                .contains("2026-11-27 10:00 FIRING orders-drop-city city=Moscow: 12 (threshold 50)")
                .contains(
                        "2026-11-24 16:00 RESOLVED traffic-drop-hourly overall: 12 (threshold 50)")
                .doesNotContain("views-low-minute");
        assertNothingFor(STRANGER);
    }

    @Test
    void kpiShowsTheLastClosedWindowOfADimensionValue() throws Exception {
        long[] moscow = Fortnight.DIMENSIONS.get("2026-11-29|city").get("Moscow");

        String answer = ask("/kpi day city=Moscow");

        assertThat(answer)
                .contains("<b>Last closed day, city Moscow</b>: 2026-11-29\n")
                .contains("\nViews: " + moscow[2] + "\n")
                .contains("\nOrders: " + moscow[1] + " ")
                .contains("\nRevenue: " + Fortnight.money(moscow[0]) + "\n");
    }

    @Test
    void kpiWithoutArgumentsShowsTheLastClosedHourOfTheShop() throws Exception {
        long[] last = Fortnight.HOURLY.get(Instant.parse("2026-11-30T09:00:00Z"));

        String answer = ask("/kpi");

        assertThat(answer)
                .contains("<b>Last closed hour</b>: 2026-11-30 09:00\u201310:00\n")
                .contains("\nViews: " + last[0] + "\n")
                .contains("\nAdd to carts: " + last[1] + "\n")
                .contains("\nOrders: " + last[2] + " ")
                .contains("\nRevenue: " + Fortnight.money(last[3]) + "\n");
    }

    @Test
    void statusComparesTodaySoFarWithYesterdayAndAWeekAgo() throws Exception {
        String answer = ask("/status");

        assertThat(answer).contains("<b>Today so far</b> (2026-11-30 00:00 to 10:00, UTC)");
        long[] today = hourlySums("2026-11-30");
        long[] yesterday = hourlySums("2026-11-29");
        long[] weekAgo = hourlySums("2026-11-23");
        String[] names = {"Views", "Add to carts", "Orders"};
        for (int i = 0; i < 3; i++) {
            assertThat(answer)
                    .contains(
                            names[i]
                                    + ": <b>"
                                    + today[i]
                                    + "</b> \u00b7 yesterday "
                                    + yesterday[i]
                                    + " (");
            assertThat(answer).contains(") \u00b7 week ago " + weekAgo[i] + " (");
        }
        assertThat(answer)
                .contains(
                        "Revenue: <b>"
                                + Fortnight.money(today[3])
                                + "</b> \u00b7 yesterday "
                                + Fortnight.money(yesterday[3]))
                .contains("Users: <b>0</b> \u00b7 yesterday " + morningUsers("2026-11-29") + " (")
                .contains("week ago " + morningUsers("2026-11-23") + " (")
                .contains("<b>Open incidents: 2</b>")
                .contains("\u2022 views-low-minute overall since 2026-11-20 03:00")
                .contains("\u2022 orders-drop-city city=Moscow since 2026-11-27 10:00");
    }

    @Test
    void reportsOffersTheArchiveAndSendsThePickedOne() throws Exception {
        telegram.sendUpdate(message(ALLOWED, "/reports"));
        FakeTelegramServer.Request offer = await(r -> r.text().contains("Weekly reports"));
        assertThat(offer.text()).contains("<b>Weekly reports: 2</b>");
        assertThat(offer.replyMarkup())
                .contains("\"callback_data\":\"report:2026-11-16\"")
                .contains("\"callback_data\":\"report:2026-11-23\"")
                .contains("2026-11-23 \u2013 2026-11-29");

        telegram.sendUpdate(buttonPress(STRANGER, "report:2026-11-16"));
        telegram.sendUpdate(buttonPress(ALLOWED, "report:2026-11-23"));
        FakeTelegramServer.Document pdf = awaitDocument("2026-11-23_to_2026-11-29.pdf");

        assertThat(pdf.chatId()).isEqualTo(String.valueOf(ALLOWED));
        assertThat(pdf.content())
                .isEqualTo(Files.readAllBytes(dir.resolve("archive/2026-11-23_to_2026-11-29.pdf")));
        assertNothingFor(STRANGER);
    }

    @Test
    void reportBuildsTheOpenWeekNow() throws Exception {
        telegram.sendUpdate(message(ALLOWED, "/report"));
        FakeTelegramServer.Document pdf = awaitDocument("2026-11-30_to_2026-12-06_so_far.pdf");

        assertThat(new String(pdf.content(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.caption()).contains("2026-11-30 \u2013 2026-12-06, up to 2026-11-30 10:00");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        assertThat(ask("/help"))
                .contains("/status")
                .contains("/kpi [hour|day]")
                .contains("/alerts [n]")
                .contains("/reports")
                .contains("/report ");
    }

    /** Sends {@code command} from the allowed chat and returns the answer's text. */
    private static String ask(String command) throws Exception {
        long sentAt = System.nanoTime();
        int before = telegram.requests().size();
        telegram.sendUpdate(message(ALLOWED, command));
        FakeTelegramServer.Request answer = await(r -> telegram.requests().indexOf(r) >= before);
        System.out.printf(
                "BotIT: %s answered in %d ms%n", command, (System.nanoTime() - sentAt) / 1_000_000);
        return answer.text();
    }

    private static FakeTelegramServer.Request await(Predicate<FakeTelegramServer.Request> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FakeTelegramServer.Request> found =
                    telegram.requests().stream()
                            .filter(r -> String.valueOf(ALLOWED).equals(r.chatId()))
                            .filter(wanted)
                            .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such answer within " + BOUND + ": " + telegram.requests());
    }

    private static FakeTelegramServer.Document awaitDocument(String fileName)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FakeTelegramServer.Document> found =
                    telegram.documents().stream()
                            .filter(d -> fileName.equals(d.fileName()))
                            .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no document " + fileName + " within " + BOUND);
    }

    /**
     * The stranger's updates were queued before the allowed chat's, and the bot takes updates in
     * order: by the time the allowed chat has its answer, any answer to the stranger would be
     * there.
     */
    private static void assertNothingFor(long chat) {
        assertThat(telegram.requests()).noneMatch(r -> String.valueOf(chat).equals(r.chatId()));
        assertThat(telegram.documents()).noneMatch(d -> String.valueOf(chat).equals(d.chatId()));
    }

    /** Views, add to carts, orders and revenue of the day's hourly windows from 00:00 to 10:00. */
    private static long[] hourlySums(String day) {
        long[] sums = new long[4];
        Instant from = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Map.Entry<Instant, long[]> hour : Fortnight.HOURLY.entrySet()) {
            if (!hour.getKey().isBefore(from) && hour.getKey().isBefore(from.plusSeconds(36_000))) {
                for (int i = 0; i < 4; i++) {
                    sums[i] += hour.getValue()[i];
                }
            }
        }
        return sums;
    }

    private static long morningUsers(String day) {
        Instant from = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Fortnight.EVENTS.stream()
                .filter(
                        e ->
                                !e.time().isBefore(from)
                                        && e.time().isBefore(from.plusSeconds(36_000)))
                .map(Fortnight.Event::user)
                .distinct()
                .count();
    }
}
