package com.shoppulse.report;

import com.shoppulse.alerts.telegram.TelegramSender;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the report of every week that has closed in the shop's event time and has none yet,
 * archives it and sends it to the allowed chats.
 *
 * <p>A week has closed when the metrics job has closed a window that ends at or after the week's
 * end: the job closes a window only once its watermark passes the window's end. The newest {@code
 * window_end} in {@code kpi_window} is therefore the event time the report can go by, with no
 * channel of its own to the job.
 *
 * <p>After a restart, the weeks in {@code report_log} are not built again. A crash between the
 * delivery and the log's row sends that week once more on the next start: a copy, never a loss.
 */
public final class WeeklyReports {
    private static final Logger LOG = LoggerFactory.getLogger(WeeklyReports.class);

    private final ClickHouseReader clickHouse;
    private final ReportArchive archive;
    private final ZoneId zone;
    private final Optional<TelegramSender> telegram;
    private final Clock clock;

    public WeeklyReports(
            ClickHouseReader clickHouse,
            ReportArchive archive,
            ZoneId zone,
            Optional<TelegramSender> telegram,
            Clock clock) {
        this.clickHouse = clickHouse;
        this.archive = archive;
        this.zone = zone;
        this.telegram = telegram;
        this.clock = clock;
    }

    /** Builds, archives and delivers each closed week without a report, oldest first. */
    public List<ReportWeek> buildClosedWeeks() {
        Optional<Instant> closed = closedUpTo();
        if (closed.isEmpty()) {
            return List.of();
        }
        Instant first =
                Instant.ofEpochSecond(
                        Long.parseLong(
                                clickHouse
                                        .row(
                                                "SELECT toUnixTimestamp(min(window_start)) AS first"
                                                        + " FROM kpi_window")
                                        .get("first")));
        Set<LocalDate> archived =
                archive.list().stream()
                        .map(ReportArchive.Entry::periodStart)
                        .collect(Collectors.toSet());
        List<ReportWeek> built = new ArrayList<>();
        for (ReportWeek week = ReportWeek.containing(first, zone);
                !week.end().isAfter(closed.get());
                week = week.next()) {
            if (!archived.contains(week.monday())) {
                build(week, true);
                built.add(week);
            }
        }
        return built;
    }

    /**
     * The shop's event time as far as the metrics job has closed windows: the newest {@code
     * window_end} in {@code kpi_window}; empty before the first window closes.
     */
    public Optional<Instant> closedUpTo() {
        Map<String, String> row =
                clickHouse.row(
                        "SELECT count() AS windows, toUnixTimestamp(max(window_end)) AS closed"
                                + " FROM kpi_window");
        return Long.parseLong(row.get("windows")) == 0
                ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(Long.parseLong(row.get("closed"))));
    }

    /**
     * Builds and archives the report of {@code week}, replacing an earlier one; sends it to the
     * allowed chats when {@code deliver} and Telegram is on. Returns the archived file.
     */
    public Path build(ReportWeek week, boolean deliver) {
        Instant builtAt = clock.instant();
        byte[] pdf = render(week, builtAt);
        Path path = archive.store(week, pdf);
        List<String> deliveredTo = List.of();
        if (deliver && telegram.isPresent()) {
            TelegramSender.Outcome outcome = telegram.get().sendDocument(path, caption(week));
            if (outcome.isSent()) {
                deliveredTo = telegram.get().chatIds();
            } else {
                LOG.warn("the report of {} was not delivered: {}", week.label(), outcome.failure());
            }
        }
        archive.log(week, path, pdf.length, builtAt, deliveredTo);
        LOG.info(
                "report of {}: {} ({} bytes), sent to {}",
                week.label(),
                path,
                pdf.length,
                deliveredTo);
        return path;
    }

    /** The PDF of {@code week} as ClickHouse holds it now. */
    public byte[] render(ReportWeek week, Instant builtAt) {
        return WeeklyReportPdf.render(WeeklyFigures.query(clickHouse, week), builtAt);
    }

    /** The caption a week's archived report is sent with. */
    public static String caption(ReportWeek week) {
        return "shop-pulse weekly report, " + week.label();
    }
}
