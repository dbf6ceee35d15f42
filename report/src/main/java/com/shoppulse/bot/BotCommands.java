package com.shoppulse.bot;

import com.shoppulse.alerts.telegram.Html;
import com.shoppulse.kpi.Dimension;
import com.shoppulse.report.ClickHouseReader;
import com.shoppulse.report.Figures;
import com.shoppulse.report.ReportArchive;
import com.shoppulse.report.ReportWeek;
import com.shoppulse.report.WeeklyReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bot answers to each command, as text (Telegram's HTML), buttons or a document. Figures
 * are the text ClickHouse returns, so an answer shows exactly what the tables hold.
 *
 * <p>"Now" is the shop's event time as far as the metrics job has closed windows (the newest {@code
 * window_end} in {@code kpi_window}), not the wall clock: a replay or the demo's fast clock then
 * answer as a live shop would.
 */
public final class BotCommands {
    static final String REPORT_BUTTON = "report:";
    static final int MAX_ALERTS = 50;
    static final int MAX_REPORT_BUTTONS = 12;

    static final String HELP =
            "<b>shop-pulse bot</b>\n"
                    + "/status \u2014 today so far against the same time yesterday and a week ago,"
                    + " and the open incidents\n"
                    + "/kpi [hour|day] [city=\u2026|category=\u2026|brand=\u2026|device=\u2026|channel=\u2026]"
                    + " \u2014 the last closed window\n"
                    + "/alerts [n] \u2014 the last n alerts (5)\n"
                    + "/reports \u2014 the archived weekly reports, to pick one\n"
                    + "/report \u2014 this week's report so far, built now\n"
                    + "/help \u2014 this list";

    /** One answer: HTML text with optional buttons, or a document with a caption. */
    public record Reply(String html, List<Button> buttons, Path document) {
        static Reply text(String html) {
            return new Reply(html, List.of(), null);
        }
    }

    /** An inline keyboard button: its label and the data its press sends back. */
    public record Button(String label, String data) {}

    private final ClickHouseReader clickHouse;
    private final ReportArchive archive;
    private final WeeklyReports reports;
    private final ZoneId zone;
    private final Path scratch;
    private final Clock clock;

    /**
     * @param scratch a folder for reports built on request, which are sent but not archived
     */
    public BotCommands(
            ClickHouseReader clickHouse,
            ReportArchive archive,
            WeeklyReports reports,
            ZoneId zone,
            Path scratch,
            Clock clock) {
        this.clickHouse = clickHouse;
        this.archive = archive;
        this.reports = reports;
        this.zone = zone;
        this.scratch = scratch;
        this.clock = clock;
    }

    /** The answer to a message's text. */
    public Reply command(String text) {
        String[] words = text.strip().split("\\s+");
        // In groups Telegram appends the bot's name: /status@shop_pulse_bot.
        String command = words[0].replaceFirst("@.*$", "").toLowerCase();
        List<String> args = List.of(words).subList(1, words.length);
        switch (command) {
            case "/status":
                return status();
            case "/kpi":
                return kpi(args);
            case "/alerts":
                return alerts(args);
            case "/reports":
                return reports();
            case "/report":
                return currentReport();
            case "/help":
            case "/start":
                return Reply.text(HELP);
            default:
                return Reply.text("I do not know " + Html.text(words[0]) + ".\n\n" + HELP);
        }
    }

    /** The answer to a button press. */
    public Reply button(String data) {
        if (data != null && data.startsWith(REPORT_BUTTON)) {
            LocalDate monday;
            try {
                monday = LocalDate.parse(data.substring(REPORT_BUTTON.length()));
            } catch (RuntimeException e) {
                return Reply.text("That button is not one of mine.");
            }
            Optional<ReportArchive.Entry> entry = archive.find(monday);
            if (entry.isEmpty() || !Files.isReadable(entry.get().path())) {
                return Reply.text(
                        "The report of the week of " + monday + " is not in the archive.");
            }
            return new Reply(
                    WeeklyReports.caption(new ReportWeek(monday, zone)),
                    List.of(),
                    entry.get().path());
        }
        return Reply.text("That button is not one of mine.");
    }

    private Reply status() {
        Optional<Instant> now = reports.closedUpTo();
        if (now.isEmpty()) {
            return Reply.text("No KPI window has closed yet: nothing to report.");
        }
        Instant to = now.get();
        Instant midnight = LocalDate.ofInstant(to, zone).atStartOfDay(zone).toInstant();
        Map<String, String> today = soFar(midnight, to);
        Map<String, String> yesterday =
                soFar(midnight.minus(Duration.ofDays(1)), to.minus(Duration.ofDays(1)));
        Map<String, String> weekAgo =
                soFar(midnight.minus(Duration.ofDays(7)), to.minus(Duration.ofDays(7)));
        StringBuilder html =
                new StringBuilder("<b>Today so far</b> (")
                        .append(local(midnight))
                        .append(" to ")
                        .append(local(to).substring(11))
                        .append(", ")
                        .append(Html.text(ClickHouseReader.zone(zone)))
                        .append(")\nagainst the same time yesterday and a week ago\n");
        for (String[] kpi :
                List.of(
                        new String[] {"Users", "users"},
                        new String[] {"Views", "views"},
                        new String[] {"Add to carts", "add_to_carts"},
                        new String[] {"Orders", "orders"},
                        new String[] {"Revenue", "revenue"})) {
            String value = today.get(kpi[1]);
            html.append("\n")
                    .append(kpi[0])
                    .append(": <b>")
                    .append(value)
                    .append("</b> \u00b7 yesterday ")
                    .append(yesterday.get(kpi[1]))
                    .append(" (")
                    .append(Figures.change(value, yesterday.get(kpi[1])))
                    .append(") \u00b7 week ago ")
                    .append(weekAgo.get(kpi[1]))
                    .append(" (")
                    .append(Figures.change(value, weekAgo.get(kpi[1])))
                    .append(")");
        }
        List<Map<String, String>> open =
                clickHouse.rows(
                        "SELECT rule_id, scope, scope_value, formatDateTime(min(window_start),"
                                + " '%Y-%m-%d %H:%i', '"
                                + ClickHouseReader.zone(zone)
                                + "') AS since FROM alert_log FINAL GROUP BY alert_id, rule_id,"
                                + " scope, scope_value HAVING argMax(state, (window_start,"
                                + " created_at)) = 'FIRING' ORDER BY since, rule_id");
        html.append("\n\n<b>Open incidents: ").append(open.size()).append("</b>");
        for (Map<String, String> incident : open) {
            html.append("\n\u2022 ")
                    .append(Html.text(incident.get("rule_id")))
                    .append(" ")
                    .append(Html.text(Figures.scope(incident)))
                    .append(" since ")
                    .append(incident.get("since"));
        }
        return Reply.text(html.toString());
    }

    /**
     * Counts and revenue of the smallest closed windows in {@code [from, to)}, users from
     * events_raw.
     */
    private Map<String, String> soFar(Instant from, Instant to) {
        return clickHouse.row(
                "SELECT k.views AS views, k.add_to_carts AS add_to_carts, k.orders AS orders,"
                        + " k.revenue AS revenue, u.users AS users FROM (SELECT sum(views) AS views,"
                        + " sum(add_to_carts) AS add_to_carts, sum(orders) AS orders, sum(revenue)"
                        + " AS revenue FROM kpi_window FINAL WHERE window_seconds = (SELECT"
                        + " min(window_seconds) FROM kpi_window) AND window_start >= "
                        + ClickHouseReader.time(from)
                        + " AND window_end <= "
                        + ClickHouseReader.time(to)
                        + ") AS k CROSS JOIN (SELECT uniqExact(user_id) AS users FROM events_raw"
                        + " WHERE event_time >= "
                        + ClickHouseReader.time(from)
                        + " AND event_time < "
                        + ClickHouseReader.time(to)
                        + ") AS u");
    }

    private Reply kpi(List<String> args) {
        int seconds = 3600;
        Dimension dimension = Dimension.OVERALL;
        String value = Dimension.OVERALL_VALUE;
        for (String arg : args) {
            if (arg.equals("hour") || arg.equals("day")) {
                seconds = arg.equals("hour") ? 3600 : 86400;
                continue;
            }
            int eq = arg.indexOf('=');
            Optional<Dimension> named =
                    eq > 0 ? Dimension.fromScope(arg.substring(0, eq)) : Optional.empty();
            if (named.isEmpty() || named.get() == Dimension.OVERALL || eq == arg.length() - 1) {
                return Reply.text(
                        "Usage: /kpi [hour|day] [city=\u2026|category=\u2026|brand=\u2026|device=\u2026|channel=\u2026];"
                                + " not understood: "
                                + Html.text(arg));
            }
            dimension = named.get();
            value = arg.substring(eq + 1);
        }
        String from =
                dimension == Dimension.OVERALL
                        ? "kpi_window FINAL WHERE window_seconds = " + seconds
                        : "kpi_window_dim FINAL WHERE window_seconds = "
                                + seconds
                                + " AND dimension = '"
                                + dimension.column()
                                + "' AND dimension_value = "
                                + ClickHouseReader.literal(value);
        List<Map<String, String>> rows =
                clickHouse.rows(
                        "SELECT formatDateTime(window_start, '%Y-%m-%d', '"
                                + ClickHouseReader.zone(zone)
                                + "') AS day, formatDateTime(window_start, '%H:%i', '"
                                + ClickHouseReader.zone(zone)
                                + "') AS start, formatDateTime(window_end, '%H:%i', '"
                                + ClickHouseReader.zone(zone)
                                + "') AS end, active_users, views, add_to_carts, orders, buyers,"
                                + " revenue, avg_order_value, arpu, round(conversion_rate * 100, 2)"
                                + " AS conversion_pct FROM "
                                + from
                                + " ORDER BY window_start DESC LIMIT 1");
        String what =
                (seconds == 3600 ? "hour" : "day")
                        + (dimension == Dimension.OVERALL
                                ? ""
                                : ", " + dimension.column() + " " + value);
        if (rows.isEmpty()) {
            return Reply.text("No closed window for " + Html.text(what) + " yet.");
        }
        Map<String, String> row = rows.get(0);
        return Reply.text(
                "<b>Last closed "
                        + Html.text(what)
                        + "</b>: "
                        + row.get("day")
                        + (seconds == 3600
                                ? " " + row.get("start") + "\u2013" + row.get("end")
                                : "")
                        + "\nActive users: "
                        + row.get("active_users")
                        + "\nViews: "
                        + row.get("views")
                        + "\nAdd to carts: "
                        + row.get("add_to_carts")
                        + "\nOrders: "
                        + row.get("orders")
                        + " (buyers "
                        + row.get("buyers")
                        + ")\nRevenue: "
                        + row.get("revenue")
                        + "\nConversion: "
                        + row.get("conversion_pct")
                        + " orders per 100 views\nAOV: "
                        + row.get("avg_order_value")
                        + "\nARPU: "
                        + row.get("arpu"));
    }

    private Reply alerts(List<String> args) {
        int n = 5;
        if (!args.isEmpty()) {
            try {
                n = Integer.parseInt(args.get(0));
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > MAX_ALERTS) {
                return Reply.text("Usage: /alerts [n], n from 1 to " + MAX_ALERTS);
            }
        }
        List<Map<String, String>> rows =
                clickHouse.rows(
                        "SELECT formatDateTime(window_start, '%Y-%m-%d %H:%i', '"
                                + ClickHouseReader.zone(zone)
                                + "') AS at, state, severity, rule_id, scope, scope_value, value,"
                                + " threshold FROM alert_history ORDER BY created_at DESC,"
                                + " alert_id, state LIMIT "
                                + n);
        if (rows.isEmpty()) {
            return Reply.text("No alert so far.");
        }
        StringBuilder html =
                new StringBuilder("<b>The last " + rows.size() + " alerts</b>, newest first");
        for (Map<String, String> row : rows) {
            html.append("\n")
                    .append(row.get("at"))
                    .append(" ")
                    .append(Html.text(row.get("state")))
                    .append(" ")
                    .append(Html.text(row.get("rule_id")))
                    .append(" ")
                    .append(Html.text(Figures.scope(row)))
                    .append(": ")
                    .append(row.get("value"))
                    .append(" (threshold ")
                    .append(row.get("threshold"))
                    .append(")");
        }
        return Reply.text(html.toString());
    }

    private Reply reports() {
        List<ReportArchive.Entry> entries = archive.list();
        if (entries.isEmpty()) {
            return Reply.text(
                    "No weekly report in the archive yet: one is built when a week closes.");
        }
        List<Button> buttons = new ArrayList<>();
        List<ReportArchive.Entry> newest =
                entries.subList(Math.max(0, entries.size() - MAX_REPORT_BUTTONS), entries.size());
        for (ReportArchive.Entry entry : newest) {
            buttons.add(
                    new Button(
                            new ReportWeek(entry.periodStart(), zone).label(),
                            REPORT_BUTTON + entry.periodStart()));
        }
        return new Reply(
                "<b>Weekly reports: "
                        + entries.size()
                        + "</b>"
                        + (entries.size() > newest.size()
                                ? " (the newest " + newest.size() + " below)"
                                : "")
                        + "\nPick one to get its PDF.",
                buttons,
                null);
    }

    private Reply currentReport() {
        Optional<Instant> now = reports.closedUpTo();
        if (now.isEmpty()) {
            return Reply.text("No KPI window has closed yet: nothing to report.");
        }
        ReportWeek week = ReportWeek.containing(now.get(), zone);
        try {
            Files.createDirectories(scratch);
            Path file = scratch.resolve(week.fileName("_so_far"));
            Files.write(file, reports.render(week, clock.instant()));
            return new Reply(
                    "shop-pulse report of the week so far, "
                            + week.label()
                            + ", up to "
                            + local(now.get()),
                    List.of(),
                    file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write this week's report", e);
        }
    }

    private String local(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(instant);
    }
}
