package com.shoppulse.report;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a weekly report shows, each figure as the text its ClickHouse query returned: the week's
 * KPIs and the previous week's, the days, the funnel, the top cities, categories and brands, and
 * the alerts that fired.
 *
 * <p>Counts and money come from the metrics job's daily windows ({@code kpi_window}, {@code
 * kpi_window_dim}); distinct users over more than a day (WAU, MAU, the week's buyers) from {@code
 * events_raw}, since daily counts of distinct users do not add up. MAU is the 30 days that end with
 * the week. Ratios are computed by the same query from the exact sums in decimals, rounded half up
 * (money to the kopeck), never through a float.
 */
public record WeeklyFigures(
        ReportWeek week,
        Map<String, String> kpis,
        Map<String, String> previousKpis,
        List<Map<String, String>> days,
        Map<String, List<Map<String, String>>> top,
        List<Map<String, String>> alerts) {

    /** The dimensions whose leaders the report lists, by revenue. */
    public static final List<String> TOP_DIMENSIONS = List.of("city", "category", "brand");

    public static final int TOP_N = 5;
    public static final int MAX_ALERTS = 25;

    public static WeeklyFigures query(ClickHouseReader clickHouse, ReportWeek week) {
        Map<String, List<Map<String, String>>> top = new LinkedHashMap<>();
        for (String dimension : TOP_DIMENSIONS) {
            top.put(dimension, clickHouse.rows(topQuery(week, dimension)));
        }
        return new WeeklyFigures(
                week,
                clickHouse.row(kpiQuery(week)),
                clickHouse.row(kpiQuery(week.previous())),
                clickHouse.rows(dayQuery(week)),
                top,
                clickHouse.rows(alertQuery(week)));
    }

    /**
     * The week's KPIs: {@code days} (daily windows found), {@code dau} (their mean), {@code wau},
     * {@code mau}, {@code views}, {@code add_to_carts}, {@code orders}, {@code buyers}, {@code
     * revenue}, {@code conversion_pct} (orders per 100 views), {@code aov}, {@code arpu} (revenue
     * per weekly active user) and {@code arppu} (per buyer of the week).
     */
    static String kpiQuery(ReportWeek week) {
        return "SELECT k.days AS days, k.dau AS dau, u.wau AS wau, u.mau AS mau, k.views AS views,"
                + " k.add_to_carts AS add_to_carts, k.orders AS orders, u.buyers AS buyers,"
                + " k.revenue AS revenue,"
                + " if(k.views = 0, toDecimal128(0, 2), toDecimal128(round(toDecimal128(k.orders,"
                + " 4) * 100 / k.views, 2), 2)) AS conversion_pct, "
                + perHead("k.orders", "aov")
                + ", "
                + perHead("u.wau", "arpu")
                + ", "
                + perHead("u.buyers", "arppu")
                + " FROM (SELECT count() AS days, if(count() = 0, NULL,"
                + " toDecimal128(round(toDecimal128(sum(active_users), 4) / count(), 1), 1)) AS dau,"
                + " sum(views) AS views, sum(add_to_carts) AS add_to_carts, sum(orders) AS orders,"
                + " sum(revenue) AS revenue FROM kpi_window FINAL WHERE window_seconds = 86400 AND "
                + within("window_start", week)
                + ") AS k CROSS JOIN (SELECT uniqExactIf(user_id, "
                + within("event_time", week)
                + ") AS wau, uniqExactIf(user_id, event_type = 'order' AND "
                + within("event_time", week)
                + ") AS buyers, uniqExact(user_id) AS mau FROM events_raw WHERE event_time >= "
                + ClickHouseReader.time(week.end().minus(Duration.ofDays(30)))
                + " AND event_time < "
                + ClickHouseReader.time(week.end())
                + ") AS u";
    }

    /**
     * Revenue per {@code heads}, to the kopeck rounded half up: ClickHouse's decimal division
     * truncates, so it divides to four places first.
     */
    private static String perHead(String heads, String name) {
        return "if("
                + heads
                + " = 0, toDecimal128(0, 2), toDecimal128(round(toDecimal128(k.revenue, 4) / "
                + heads
                + ", 2), 2)) AS "
                + name;
    }

    static String dayQuery(ReportWeek week) {
        return "SELECT toDate(window_start, '"
                + ClickHouseReader.zone(week.zone())
                + "') AS day, active_users, views, add_to_carts, orders, revenue"
                + " FROM kpi_window FINAL WHERE window_seconds = 86400 AND "
                + within("window_start", week)
                + " ORDER BY day";
    }

    static String topQuery(ReportWeek week, String dimension) {
        return "SELECT dimension_value AS name, sum(revenue) AS revenue, sum(orders) AS orders,"
                + " sum(views) AS views FROM kpi_window_dim FINAL WHERE window_seconds = 86400"
                + " AND dimension = '"
                + dimension
                + "' AND "
                + within("window_start", week)
                + " GROUP BY name ORDER BY revenue DESC, orders DESC, name LIMIT "
                + TOP_N;
    }

    static String alertQuery(ReportWeek week) {
        return "SELECT formatDateTime(window_start, '%Y-%m-%d %H:%i', '"
                + ClickHouseReader.zone(week.zone())
                + "') AS at, severity, rule_id, scope, scope_value, kpi, value, threshold"
                + " FROM alert_history WHERE state = 'FIRING' AND "
                + within("window_start", week)
                + " ORDER BY window_start, rule_id, scope_value LIMIT "
                + MAX_ALERTS;
    }

    private static String within(String column, ReportWeek week) {
        return column
                + " >= "
                + ClickHouseReader.time(week.start())
                + " AND "
                + column
                + " < "
                + ClickHouseReader.time(week.end());
    }

    /** The change of {@code kpi} from the previous week, as {@link Figures#change} words it. */
    public String change(String kpi) {
        return Figures.change(kpis.get(kpi), previousKpis.get(kpi));
    }
}
