package com.shoppulse.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.alerts.telegram.FakeTelegramServer;
import com.shoppulse.alerts.telegram.TelegramSender;
import com.shoppulse.alerts.telegram.TelegramSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly report against a real ClickHouse: a fortnight of events and the metrics job's daily
 * rows, written by this test, whose own sums are the truth the PDF's text (read back with
 * pdftotext) must show; and the archive: two closed weeks give exactly two reports, a restart
 * builds none again, a rebuild replaces.
 */
class WeeklyReportIT {
    private static final String TOKEN = "123456789:AAHfakeTokenForReportTests_0123456789";

    @BeforeAll
    static void writeAFortnight() throws Exception {
        Fortnight.write();
    }

    @Test
    void everyNumberInThePdfIsTheGroundTruth(@TempDir Path dir) throws Exception {
        ReportWeek week = new ReportWeek(Fortnight.FIRST_MONDAY.plusWeeks(1), ZoneOffset.UTC);
        WeeklyReports reports = reports(dir, Optional.empty());
        Path pdf = reports.build(week, false);
        String text = pdfToText(pdf);

        Map<String, String> now = Fortnight.truth(week);
        Map<String, String> before = Fortnight.truth(week.previous());
        assertThat(WeeklyReportPdf.KPI_ROWS.stream().map(row -> row[1]))
                .as("the report shows every KPI the truth has")
                .containsExactlyInAnyOrderElementsOf(now.keySet());
        for (String[] row : WeeklyReportPdf.KPI_ROWS) {
            BigDecimal a = new BigDecimal(now.get(row[1]));
            BigDecimal b = new BigDecimal(before.get(row[1]));
            BigDecimal change =
                    a.subtract(b)
                            .multiply(BigDecimal.valueOf(100))
                            .divide(b, 1, RoundingMode.HALF_UP);
            assertThat(cells(text, row[0]))
                    .as(row[0])
                    .containsExactly(
                            now.get(row[1]),
                            before.get(row[1]),
                            (change.signum() > 0 ? "+" : "") + change.toPlainString() + " %");
        }

        for (int d = 0; d < 7; d++) {
            LocalDate day = week.monday().plusDays(d);
            List<Fortnight.Event> today =
                    Fortnight.EVENTS.stream().filter(e -> e.day().equals(day)).toList();
            assertThat(cells(text, day.toString()))
                    .as("the row of " + day)
                    .containsExactly(
                            String.valueOf(
                                    today.stream().map(Fortnight.Event::user).distinct().count()),
                            String.valueOf(Fortnight.count(today, "view")),
                            String.valueOf(Fortnight.count(today, "add_to_cart")),
                            String.valueOf(Fortnight.count(today, "order")),
                            Fortnight.money(
                                    today.stream().mapToLong(Fortnight.Event::amountMinor).sum()));
        }

        for (String dimension : WeeklyFigures.TOP_DIMENSIONS) {
            Map<String, long[]> totals = new TreeMap<>();
            for (int d = 0; d < 7; d++) {
                Fortnight.DIMENSIONS
                        .get(week.monday().plusDays(d) + "|" + dimension)
                        .forEach(
                                (value, f) -> {
                                    long[] sum = totals.computeIfAbsent(value, k -> new long[3]);
                                    for (int i = 0; i < 3; i++) {
                                        sum[i] += f[i];
                                    }
                                });
            }
            List<Map.Entry<String, long[]>> leaders =
                    totals.entrySet().stream()
                            .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
                            .limit(WeeklyFigures.TOP_N)
                            .toList();
            for (Map.Entry<String, long[]> leader : leaders) {
                assertThat(cells(text, leader.getKey()))
                        .as(dimension + " " + leader.getKey())
                        .containsExactly(
                                Fortnight.money(leader.getValue()[0]),
                                String.valueOf(leader.getValue()[1]),
                                String.valueOf(leader.getValue()[2]));
            }
        }
        assertThat(text).contains("Alerts fired this week: 2");
        assertThat(cells(text, "2026-11-24 14:00"))
                .startsWith("warning", "traffic-drop-hourly", "overall");
        assertThat(cells(text, "2026-11-27 10:00"))
                .startsWith("warning", "orders-drop-city", "city=Moscow");
        assertThat(text).doesNotContain("views-low-minute");

        Path png = dir.resolve("page");
        Process render =
                new ProcessBuilder("pdftoppm", "-png", "-r", "60", pdf.toString(), png.toString())
                        .redirectErrorStream(true)
                        .start();
        assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(render.exitValue())
                .as(new String(render.getInputStream().readAllBytes()))
                .isZero();
        try (var pages = Files.list(dir)) {
            assertThat(pages.filter(p -> p.getFileName().toString().startsWith("page")).count())
                    .isEqualTo(3);
        }
    }

    @Test
    void twoClosedWeeksGiveTwoReportsOnceEachAcrossRestartsAndReachTheChats(@TempDir Path dir)
            throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            TelegramSettings settings =
                    TelegramSettings.from(
                            Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_CHAT_IDS", "1001,1002"),
                            Optional.empty(),
                            telegram.url(),
                            null,
                            ZoneOffset.UTC);
            Fortnight.clickHouse.execute("TRUNCATE TABLE report_log");
            try (TelegramSender sender = new TelegramSender(settings)) {
                List<ReportWeek> built = reports(dir, Optional.of(sender)).buildClosedWeeks();
                assertThat(built)
                        .extracting(ReportWeek::fileName)
                        .containsExactly(
                                "2026-11-16_to_2026-11-22.pdf", "2026-11-23_to_2026-11-29.pdf");
                // A restart: a new service over the same archive builds nothing again.
                assertThat(reports(dir, Optional.of(sender)).buildClosedWeeks()).isEmpty();
                // A rebuild of one week replaces its file and row.
                reports(dir, Optional.empty()).build(built.get(0), false);
            }
            ReportArchive archive = new ReportArchive(dir, Fortnight.clickHouse);
            assertThat(archive.list())
                    .extracting(e -> e.periodStart() + ".." + e.periodEnd())
                    .containsExactly("2026-11-16..2026-11-22", "2026-11-23..2026-11-29");
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly(
                                "2026-11-16_to_2026-11-22.pdf", "2026-11-23_to_2026-11-29.pdf");
            }
            for (ReportArchive.Entry entry : archive.list()) {
                assertThat(Files.size(entry.path())).isEqualTo(entry.size());
            }

            List<FakeTelegramServer.Document> sent = telegram.documents();
            assertThat(sent)
                    .extracting(doc -> doc.chatId() + " " + doc.fileName())
                    .containsExactly(
                            "1001 2026-11-16_to_2026-11-22.pdf",
                            "1002 2026-11-16_to_2026-11-22.pdf",
                            "1001 2026-11-23_to_2026-11-29.pdf",
                            "1002 2026-11-23_to_2026-11-29.pdf");
            assertThat(new String(sent.get(2).content(), 0, 5, StandardCharsets.US_ASCII))
                    .isEqualTo("%PDF-");
            assertThat(sent.get(2).content())
                    .isEqualTo(Files.readAllBytes(dir.resolve("2026-11-23_to_2026-11-29.pdf")));
            assertThat(
                            Fortnight.clickHouse.row(
                                    "SELECT delivered_to FROM report_log FINAL WHERE period_start = '2026-11-23'"))
                    .containsEntry("delivered_to", "[\"1001\",\"1002\"]");
        }
    }

    private static WeeklyReports reports(Path dir, Optional<TelegramSender> telegram) {
        return new WeeklyReports(
                Fortnight.clickHouse,
                new ReportArchive(dir, Fortnight.clickHouse),
                ZoneOffset.UTC,
                telegram,
                Clock.systemUTC());
    }

    /** The cells after {@code label} on the line it starts, as pdftotext -layout spaces them. */
    private static List<String> cells(String text, String label) {
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(label + "  ")) {
                return List.of(trimmed.substring(label.length()).strip().split("\\s{2,}"));
            }
        }
        throw new AssertionError("no line starts with '" + label + "' in:\n" + text);
    }

    private static String pdfToText(Path pdf) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), "-").start();
        // NFKC: the font's ligatures (ﬁ in "fired") come out of pdftotext as one character.
        String text =
                Normalizer.normalize(
                        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                        Normalizer.Form.NFKC);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return text;
    }
}
