package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.e2e.DashboardsBundle.ChartQuery;
import com.shoppulse.generator.shop.ShopProfile;
import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.IncidentSchedule;
import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.SimulationSettings;
import com.shoppulse.it.TestFlink;
import com.shoppulse.it.TestServices;
import com.shoppulse.metrics.MetricsJobConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Superset dashboards' SQL on a real ClickHouse: after generated traffic went through the real
 * metrics job, every dataset's SQL and every chart's query answers with rows, and the active-user
 * counts are exact. {@code SupersetBundleTest} checks the bundle's files without any service.
 */
class DashboardsIT {
    // Several days, so that the trailing 7 and 30 days hold more users than one day does.
    private static final int DAYS = 3;
    private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    private final DashboardsBundle bundle = DashboardsBundle.ofThisCheckout();

    @Test
    void afterGeneratedTrafficEveryDatasetAndChartAnswersAndActiveUsersAreExact() throws Exception {
        String kafka = TestServices.kafka();
        String clickhouse = TestServices.clickHouse();
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String topic = "dashboards-events-" + run;
        String database = "dashboards_" + run;

        List<ShopRecord> traffic = generatedTraffic();
        TestServices.createTopic(topic, 2);
        TestServices.createTopic(topic + "-dlq", 1);
        TestServices.produce(
                topic, traffic.stream().map(r -> new String[] {r.userId(), r.json()}).toList());
        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--bootstrap-servers",
                        kafka,
                        "--events-topic",
                        topic,
                        "--dead-letter-topic",
                        topic + "-dlq",
                        "--publish-kpis",
                        "false",
                        "--clickhouse-url",
                        clickhouse,
                        "--clickhouse-database",
                        database,
                        "--window-sizes",
                        "1h,1d",
                        "--max-out-of-orderness",
                        "2m",
                        "--allowed-lateness",
                        "10m",
                        "--sink-flush-interval",
                        "200ms");
        SchemaMigrator.migrate(config.clickHouse);
        TestFlink.runMetricsJobOverTopicNow(config, "dashboards IT");

        try (Connection db = config.clickHouse.connect(database)) {
            insertAlerts(db);
            for (Map.Entry<String, JsonNode> dataset : bundle.datasets.entrySet()) {
                assertDatasetAnswers(db, dataset.getKey(), dataset.getValue());
            }
            Map<String, Map<String, String>> defaults = nativeFilterDefaultsByChart();
            for (Map.Entry<String, JsonNode> chart : bundle.charts.entrySet()) {
                assertChartAnswers(db, chart.getKey(), chart.getValue(), defaults);
            }
            assertActiveUsersAreExact(db);
        }
    }

    // ------------------------------------------------------------------ against ClickHouse

    /** Whole simulated days of the generator's default shop, from a fixed Monday. */
    private static List<ShopRecord> generatedTraffic() {
        ShopSimulator shop =
                new ShopSimulator(
                        new SimulationSettings(
                                42,
                                MONDAY,
                                ShopProfile.DEFAULT,
                                IncidentSchedule.parse(IncidentSchedule.DEFAULT),
                                Faults.NONE));
        List<ShopRecord> records = new ArrayList<>();
        for (long second = 0; second < DAYS * 86_400L; second++) {
            records.addAll(shop.recordsAt(second));
        }
        return records;
    }

    /** An incident of the first day: raised at noon, resolved at one, one rule. */
    private static void insertAlerts(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(
                    "INSERT INTO alert_log (alert_id, rule_id, kpi, scope, scope_value, condition,"
                            + " state, severity, window_seconds, window_start, window_end, value,"
                            + " threshold, previous_value, message, created_at, delivery_status,"
                            + " delivery_error, delivered_at) VALUES"
                            + " ('a-1', 'orders_drop', 'orders', 'overall', 'all', 'below',"
                            + " 'FIRING', 'critical', 3600, '2026-11-02 12:00:00',"
                            + " '2026-11-02 13:00:00', 1, 3, 4, 'orders dropped',"
                            + " '2026-11-02 13:00:05.000', 'sent', '', '2026-11-02 13:00:06.000'),"
                            + " ('a-1', 'orders_drop', 'orders', 'overall', 'all', 'below',"
                            + " 'RESOLVED', 'critical', 3600, '2026-11-02 13:00:00',"
                            + " '2026-11-02 14:00:00', 5, 3, 1, 'orders are back',"
                            + " '2026-11-02 14:00:05.000', 'sent', '', '2026-11-02 14:00:06.000')");
        }
    }

    /**
     * The dataset's SQL returns rows, its columns are exactly the declared ones with the declared
     * types, and every metric's expression runs over it, as Superset wraps them.
     */
    private static void assertDatasetAnswers(Connection db, String file, JsonNode dataset)
            throws SQLException {
        String sql = dataset.path("sql").asText();
        Map<String, String> declared = new LinkedHashMap<>();
        dataset.path("columns")
                .forEach(
                        column ->
                                declared.put(
                                        column.path("column_name").asText(),
                                        column.path("type").asText()));
        Map<String, String> actual = new LinkedHashMap<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE TABLE (" + sql + ")")) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(actual).as("%s: columns and types of its SQL", file).isEqualTo(declared);
        assertThat(count(db, "SELECT count() FROM (" + sql + ")"))
                .as("%s: rows", file)
                .isPositive();
        for (JsonNode metric : dataset.path("metrics")) {
            try (Statement statement = db.createStatement();
                    ResultSet rs =
                            statement.executeQuery(
                                    "SELECT "
                                            + metric.path("expression").asText()
                                            + " FROM ("
                                            + sql
                                            + ") AS virtual_table")) {
                assertThat(rs.next())
                        .as("%s: metric %s", file, metric.path("metric_name"))
                        .isTrue();
            }
        }
    }

    /**
     * Each query of the chart, as Superset would send it with the dashboard's default filters (its
     * time range aside: the data lies in the past), returns rows.
     */
    private void assertChartAnswers(
            Connection db, String file, JsonNode chart, Map<String, Map<String, String>> defaults)
            throws SQLException {
        JsonNode dataset = bundle.datasetByUuid(chart.path("dataset_uuid").asText());
        Map<String, String> metricSql = new HashMap<>();
        dataset.path("metrics")
                .forEach(
                        metric ->
                                metricSql.put(
                                        metric.path("metric_name").asText(),
                                        metric.path("expression").asText()));
        for (ChartQuery query : DashboardsBundle.queriesOf(chart.path("params"))) {
            List<String> select = new ArrayList<>(query.columns());
            query.metrics().forEach(metric -> select.add(metricSql.get(metric) + " AS " + metric));
            List<String> where = new ArrayList<>();
            for (JsonNode filter : query.filters()) {
                String operator = filter.path("operator").asText();
                if (operator.equals("==")) {
                    where.add(
                            filter.path("subject").asText()
                                    + " = "
                                    + quote(filter.path("comparator").asText()));
                } else {
                    assertThat(operator)
                            .as("%s: filter operator", file)
                            .isEqualTo("TEMPORAL_RANGE");
                }
            }
            defaults.getOrDefault(chart.path("uuid").asText(), Map.of())
                    .forEach((column, value) -> where.add(column + " = " + quote(value)));
            String sql =
                    "SELECT "
                            + String.join(", ", select)
                            + " FROM ("
                            + dataset.path("sql").asText()
                            + ") AS virtual_table"
                            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                            + (query.metrics().isEmpty() || query.columns().isEmpty()
                                    ? ""
                                    : " GROUP BY " + String.join(", ", query.columns()));
            assertThat(count(db, "SELECT count() FROM (" + sql + ")"))
                    .as("%s: rows of %s", file, sql)
                    .isPositive();
        }
    }

    /** For each chart, the column and default value of every select filter it is in scope of. */
    private Map<String, Map<String, String>> nativeFilterDefaultsByChart() {
        Map<String, Map<String, String>> defaults = new HashMap<>();
        for (JsonNode dashboard : bundle.dashboards.values()) {
            Map<Integer, String> uuidById = new HashMap<>();
            dashboard
                    .path("position")
                    .forEach(
                            node -> {
                                if (node.path("type").asText().equals("CHART")) {
                                    uuidById.put(
                                            node.path("meta").path("chartId").asInt(),
                                            node.path("meta").path("uuid").asText());
                                }
                            });
            for (JsonNode filter : dashboard.path("metadata").path("native_filter_configuration")) {
                if (!filter.path("filterType").asText().equals("filter_select")) {
                    continue;
                }
                String column = filter.path("targets").path(0).path("column").path("name").asText();
                String value =
                        filter.path("defaultDataMask")
                                .path("filterState")
                                .path("value")
                                .path(0)
                                .asText();
                for (JsonNode id : filter.path("chartsInScope")) {
                    defaults.computeIfAbsent(uuidById.get(id.asInt()), uuid -> new HashMap<>())
                            .put(column, value);
                }
            }
        }
        return defaults;
    }

    /**
     * DAU ≤ WAU ≤ MAU on every day and dimension; the overall DAU equals the metrics job's own
     * daily active users; and the last day's WAU and MAU, overall and for a city, equal the
     * distinct users of events_raw over the same 7 and 30 days.
     */
    private static void assertActiveUsersAreExact(Connection db) throws SQLException {
        assertThat(
                        count(
                                db,
                                "SELECT count() FROM active_users_daily"
                                        + " WHERE NOT (dau <= wau AND wau <= mau)"))
                .as("days where DAU <= WAU <= MAU does not hold")
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count() FROM active_users_daily AS a"
                                        + " INNER JOIN kpi_daily AS k ON a.day = k.day"
                                        + " WHERE a.dimension = 'all' AND a.dau = k.dau"))
                .as("days whose DAU equals kpi_daily's")
                .isEqualTo(DAYS);

        LocalDate last =
                LocalDate.parse(text(db, "SELECT toString(max(day)) FROM active_users_daily"));
        String city =
                text(
                        db,
                        "SELECT city FROM events_raw FINAL GROUP BY city"
                                + " ORDER BY uniqExact(user_id) DESC LIMIT 1");
        for (Scope scope :
                List.of(
                        new Scope("all", "all", "1"),
                        new Scope("city", city, "city = " + quote(city)))) {
            String row =
                    " FROM active_users_daily WHERE dimension = "
                            + quote(scope.dimension())
                            + " AND dimension_value = "
                            + quote(scope.value())
                            + " AND day = "
                            + quote(last.toString());
            long dau = count(db, "SELECT dau" + row);
            long wau = count(db, "SELECT wau" + row);
            long mau = count(db, "SELECT mau" + row);
            assertThat(wau).as("%s WAU after %d days", scope.value(), DAYS).isGreaterThan(dau);
            assertThat(wau)
                    .as("%s WAU", scope.value())
                    .isEqualTo(distinctUsers(db, last.minusDays(6), last, scope.eventsWhere()));
            assertThat(mau)
                    .as("%s MAU", scope.value())
                    .isEqualTo(distinctUsers(db, last.minusDays(29), last, scope.eventsWhere()));
        }
    }

    /** A row of active_users_daily and the events_raw condition that selects its users. */
    private record Scope(String dimension, String value, String eventsWhere) {}

    private static long distinctUsers(Connection db, LocalDate from, LocalDate to, String where)
            throws SQLException {
        return count(
                db,
                "SELECT uniqExact(user_id) FROM events_raw FINAL WHERE toDate(event_time) BETWEEN "
                        + quote(from.toString())
                        + " AND "
                        + quote(to.toString())
                        + " AND "
                        + where);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getLong(1);
        }
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
